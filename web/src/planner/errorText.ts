/**
 * A refusal of the server in the user's language: the message {vi, en} of ApiSendError /
 * ApiRequestError, and the bilingual "vi / en" messages of its issues (which lô, which field).
 * Never the English Error.message in the Vietnamese UI. Pure.
 */
type Lang = 'vi' | 'en';

interface ServerError {
  text: { vi: string; en: string };
  body?: Record<string, unknown> | null;
}

const isServerError = (e: unknown): e is ServerError =>
  typeof e === 'object' && e != null && 'text' in e && typeof (e as ServerError).text === 'object' && (e as ServerError).text != null && 'vi' in (e as ServerError).text;

/** One half of a "Tiếng Việt / English" message (the whole when it has no English half). */
export function halfOf(message: string, lang: Lang): string {
  const parts = message.split(' / ');
  return (lang === 'en' ? parts[1] : parts[0]) ?? message;
}

/**
 * @example errorText(new ApiSendError(422, 'invalid_input', { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' }, null), 'vi') // 'Dữ liệu không hợp lệ'
 */
export function errorText(e: unknown, lang: Lang, fallback: { vi: string; en: string } = { vi: 'Không thực hiện được, vui lòng thử lại', en: 'That did not work, please try again' }): string {
  if (!isServerError(e)) return fallback[lang];
  const head = e.text[lang] || e.text.vi || e.text.en;
  const issues = ((e.body?.error as { issues?: { path?: string; message: string }[] } | undefined)?.issues ?? []).map((i) => halfOf(i.message, lang));
  const extra = issues.filter((m) => m && m !== head);
  return extra.length ? `${head}: ${extra.join('; ')}` : head;
}
