import { conflict, HttpError, unprocessable } from '../http/errors.ts';
import { ROLE_LABELS, type Role } from '../domain/roles.ts';

/** The bilingual refusals of the auth layer (401, 403, 429). None says more than the caller needs to know. */
export const authErrors = {
  notSignedIn: () => new HttpError(401, 'not_signed_in', 'Vui lòng đăng nhập', 'Please sign in'),
  sessionExpired: () =>
    new HttpError(401, 'session_expired', 'Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại', 'Your session has expired, please sign in again'),
  badCredentials: () =>
    new HttpError(401, 'invalid_credentials', 'Tên đăng nhập hoặc mật khẩu không đúng', 'Wrong username or password'),
  locked: (minutes: number) =>
    new HttpError(
      429,
      'too_many_attempts',
      `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${minutes} phút`,
      `Too many failed sign-ins. Please try again in ${minutes} minutes`,
    ),
  csrf: () =>
    new HttpError(
      403,
      'csrf',
      'Yêu cầu thiếu hoặc sai mã bảo vệ (CSRF). Hãy tải lại trang và thử lại',
      'Missing or invalid CSRF token. Reload the page and try again',
    ),
  origin: () =>
    new HttpError(403, 'bad_origin', 'Yêu cầu đến từ trang web khác, đã bị từ chối', 'Request from another site refused'),
  role: (role: Role) =>
    new HttpError(
      403,
      'forbidden',
      `Tài khoản không có quyền ${ROLE_LABELS[role].vi}`,
      `Your account does not have the ${ROLE_LABELS[role].en} role`,
    ),
  scope: (role: Role, unit: string) =>
    new HttpError(
      403,
      'out_of_scope',
      `Tài khoản không có quyền ${ROLE_LABELS[role].vi} tại ${unit} (ngoài phạm vi được giao)`,
      `Your ${ROLE_LABELS[role].en} rights do not cover ${unit}`,
    ),
  /** @deprecated the 409 and 422 are not auth's: use conflict() / unprocessable() of server/http/errors.ts */
  conflict,
  /** @deprecated see conflict */
  unprocessable,
};
