-- NTM funding mobilised per programme period, by source and unit (report 004, section 1.7:
-- "Tổng nguồn vốn huy động giai đoạn 2016 - 2020 là 1.847,561 tỷ đồng, trong đó: …").
-- Only the leaves of the report's breakdown are stored; "Ngân sách Nhà nước hỗ trợ trực tiếp" is
-- the sum of central, local_counterpart and carried_over and is computed by the API
-- (server/services/ntm-funding.ts), as is the total. Amounts are whole million đồng, so sums are
-- exact (1.847,561 tỷ đồng = 1 847 561 triệu đồng). unit_code is a district (the report gives
-- the province only; the demo split by district sums exactly to the report) or the province.
CREATE TABLE ntm_funding (
  period_from         int NOT NULL CHECK (period_from BETWEEN 2000 AND 2100),
  period_to           int NOT NULL CHECK (period_to BETWEEN 2000 AND 2100),
  unit_code           text NOT NULL REFERENCES admin_unit (code),
  source              text NOT NULL CHECK (source IN ('central', 'local_counterpart', 'carried_over',
                        'integrated_programmes', 'credit', 'enterprises', 'people_and_community')),
  amount_million_vnd  bigint NOT NULL CHECK (amount_million_vnd BETWEEN 0 AND 100000000),
  report              text,
  PRIMARY KEY (period_from, period_to, unit_code, source),
  CHECK (period_to >= period_from)
);
