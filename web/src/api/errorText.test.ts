import { describe, expect, it } from 'vitest';
import { ApiRequestError, errorText as errorTextOf, type Bilingual } from './http.ts';

const FALLBACK = { vi: 'Không thực hiện được, vui lòng thử lại', en: 'That did not work, please try again' };
/** The UI's pick() in a language, as useI18n() gives it. */
const errorText = (e: unknown, lang: 'vi' | 'en') => errorTextOf(e, (t: Bilingual) => t[lang], FALLBACK[lang]);

describe('errorText: the server refusal in the user language', () => {
  const outOfScope = new ApiRequestError(403, 'out_of_scope', { vi: 'Ngoài phạm vi được giao', en: 'Outside your scope' }, { error: { code: 'out_of_scope' } });
  const inOtherPlan = new ApiRequestError(
    422,
    'invalid_input',
    { vi: 'Dữ liệu không hợp lệ', en: 'Invalid input' },
    { error: { issues: [{ path: 'sites.0.plotId', message: 'Lô TK 568 · K 3 · L 6 đã có trong kế hoạch "A" năm 2023 / Plot TK 568 · K 3 · L 6 is already in plan "A" of 2023' }] } },
  );
  it('Vietnamese in the Vietnamese UI (the English Error.message is never shown)', () => {
    expect(outOfScope.message).toBe('Outside your scope');
    expect(errorText(outOfScope, 'vi')).toBe('Ngoài phạm vi được giao');
    expect(errorText(inOtherPlan, 'vi')).toBe('Dữ liệu không hợp lệ: Lô TK 568 · K 3 · L 6 đã có trong kế hoạch "A" năm 2023');
    expect(errorText(new ApiRequestError(422, 'invalid_geometry', { vi: 'Đa giác tự cắt', en: 'Self-intersecting polygon' }), 'vi')).toBe('Đa giác tự cắt');
  });
  it('English in the English UI', () => {
    expect(errorText(inOtherPlan, 'en')).toBe('Invalid input: Plot TK 568 · K 3 · L 6 is already in plan "A" of 2023');
  });
  it('a network failure says so in words', () => {
    expect(errorText(new TypeError('Failed to fetch'), 'vi')).toBe('Không thực hiện được, vui lòng thử lại');
  });
});
