-- A session kept on an inspector's own phone ("Ghi nhớ trên thiết bị này"): its cookie outlives the
-- browser (a phone restart in the forest) and it is not ended by a day without requests (a day with
-- no signal), only by its absolute expiry (AUTH_DEVICE_SESSION_DAYS), sign-out, a password change or
-- an administrator. Sessions of shared office computers stay as they were (device = false).
ALTER TABLE user_session ADD COLUMN device boolean NOT NULL DEFAULT false;
