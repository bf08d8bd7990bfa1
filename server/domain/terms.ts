/**
 * The one word for each recurring idea, in both languages: the reports
 * say "đạt" for a lô that passes acceptance, so the app does too, and a thing called one name on
 * the map is not called another in a panel or an export. The web dictionaries (web/src/i18n)
 * use these exact words; test/unit/i18n-terms.test.ts holds them to it.
 */
export const TERMS = {
  /** result class of a lô whose survival is above the acceptance threshold */
  accepted: { vi: 'Đạt', en: 'Accepted' },
  notInspected: { vi: 'Chưa nghiệm thu', en: 'Not inspected' },
  withdrawn: { vi: 'Rút khỏi kế hoạch', en: 'Withdrawn from plan' },
  stateFunded: { vi: 'Ngân sách nhà nước', en: 'State budget' },
  selfFunded: { vi: 'Tự có, xã hội hóa', en: 'Self-funded' },
  wholeProvince: { vi: 'Toàn tỉnh', en: 'Whole province' },
  /** the forest layer: plantations, natural forest and bare land alike */
  plots: { vi: 'Lô rừng', en: 'Forest lô' },
} as const;

export const FUNDING_TERMS = { state: TERMS.stateFunded, self: TERMS.selfFunded } as const;
