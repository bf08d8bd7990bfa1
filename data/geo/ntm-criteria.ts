/**
 * Criteria sets as data: the 19 national commune criteria (2016-2020 and the renamed 2021-2025
 * set) and the 10 village criteria for ethnic-minority areas, with the assessments (one per scope
 * and year) that say which set a year is scored on and which report it comes from.
 */

export interface CriteriaSet {
  id: string;
  scope: 'commune' | 'village';
  yearFrom: number;
  yearTo: number;
  nameVi: string;
  nameEn: string;
  criteria: { no: number; nameVi: string; nameEn: string }[];
}

const COMMUNE_2016: [string, string][] = [
  ['Quy hoạch', 'Planning'],
  ['Giao thông', 'Transport'],
  ['Thủy lợi', 'Irrigation'],
  ['Điện', 'Electricity'],
  ['Trường học', 'Schools'],
  ['Cơ sở vật chất văn hóa', 'Cultural facilities'],
  ['Cơ sở hạ tầng thương mại nông thôn', 'Rural commercial infrastructure'],
  ['Thông tin và Truyền thông', 'Information and communications'],
  ['Nhà ở dân cư', 'Residential housing'],
  ['Thu nhập', 'Income'],
  ['Hộ nghèo', 'Poor households'],
  ['Lao động có việc làm', 'Employed workforce'],
  ['Tổ chức sản xuất', 'Organisation of production'],
  ['Giáo dục và Đào tạo', 'Education and training'],
  ['Y tế', 'Health'],
  ['Văn hóa', 'Culture'],
  ['Môi trường và an toàn thực phẩm', 'Environment and food safety'],
  ['Hệ thống chính trị và tiếp cận pháp luật', 'Political system and access to law'],
  ['Quốc phòng và An ninh', 'National defence and security'],
];

/** 2021-2025 keeps the numbering and renames 3, 11, 12 and 13 (figures file, ntm_criteria_commune.note). */
const COMMUNE_2021_RENAMES: Record<number, [string, string]> = {
  3: ['Thủy lợi và phòng, chống thiên tai', 'Irrigation and natural disaster prevention'],
  11: ['Nghèo đa chiều', 'Multidimensional poverty'],
  12: ['Lao động', 'Labour'],
  13: ['Tổ chức sản xuất và phát triển kinh tế nông thôn', 'Organisation of production and rural economic development'],
};

/**
 * The 10 criteria of the village (thôn, làng) NTM set for ethnic-minority areas, 2022-2025.
 * Report 000 states the set has 10 criteria but does not list them; this list follows the
 * structure of the provincial village sets issued in the Central Highlands for 2022-2025
 * (infrastructure first, then livelihoods, services, culture and environment). See README.
 */
const VILLAGE_2022: [string, string][] = [
  ['Giao thông', 'Transport'],
  ['Điện', 'Electricity'],
  ['Nhà ở dân cư', 'Residential housing'],
  ['Thông tin và truyền thông', 'Information and communications'],
  ['Thu nhập', 'Income'],
  ['Nghèo đa chiều', 'Multidimensional poverty'],
  ['Tổ chức sản xuất', 'Organisation of production'],
  ['Giáo dục và Y tế', 'Education and health'],
  ['Văn hóa', 'Culture'],
  ['Môi trường và an ninh trật tự', 'Environment, security and order'],
];

export const CRITERIA_SETS: CriteriaSet[] = [
  {
    id: 'commune-2016-2020',
    scope: 'commune',
    yearFrom: 2016,
    yearTo: 2020,
    nameVi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2016-2020',
    nameEn: 'National commune new-rural criteria 2016-2020',
    criteria: COMMUNE_2016.map(([vi, en], i) => ({ no: i + 1, nameVi: vi, nameEn: en })),
  },
  {
    id: 'commune-2021-2025',
    scope: 'commune',
    yearFrom: 2021,
    yearTo: 2025,
    nameVi: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025',
    nameEn: 'National commune new-rural criteria 2021-2025',
    criteria: COMMUNE_2016.map(([vi, en], i) => {
      const r = COMMUNE_2021_RENAMES[i + 1];
      return { no: i + 1, nameVi: r ? r[0] : vi, nameEn: r ? r[1] : en };
    }),
  },
  {
    id: 'village-2022-2025',
    scope: 'village',
    yearFrom: 2022,
    yearTo: 2025,
    nameVi: 'Bộ tiêu chí thôn (làng) nông thôn mới vùng đồng bào dân tộc thiểu số giai đoạn 2022-2025',
    nameEn: 'Village new-rural criteria for ethnic-minority areas 2022-2025',
    criteria: VILLAGE_2022.map(([vi, en], i) => ({ no: i + 1, nameVi: vi, nameEn: en })),
  },
];

export interface Assessment {
  scope: 'commune' | 'village';
  year: number;
  asOf: string;
  criteriaSetId: string;
  sourceVi: string;
  sourceEn: string;
}

const R004_VI = 'Báo cáo tổng kết xây dựng nông thôn mới giai đoạn 2016-2020 (báo cáo 004, 01/06/2021)';
const R004_EN = 'NTM 2016-2020 review report (report 004, 2021-06-01)';

export const ASSESSMENTS: Assessment[] = [
  ...[2015, 2016, 2017, 2018, 2019, 2020].map((year) => ({
    scope: 'commune' as const,
    year,
    asOf: `${year}-12-31`,
    criteriaSetId: 'commune-2016-2020',
    sourceVi: year === 2015 || year === 2020 ? R004_VI : `${R004_VI}; số liệu năm ${year} minh họa`,
    sourceEn: year === 2015 || year === 2020 ? R004_EN : `${R004_EN}; ${year} values illustrative`,
  })),
  {
    scope: 'commune',
    year: 2022,
    asOf: '2022-03-02',
    criteriaSetId: 'commune-2021-2025',
    sourceVi: 'Chỉ thị 04/CT-UBND ngày 02/03/2022 của UBND tỉnh Kon Tum',
    sourceEn: 'Kon Tum provincial directive 04/CT-UBND of 2022-03-02',
  },
  {
    scope: 'commune',
    year: 2023,
    asOf: '2023-03-16',
    criteriaSetId: 'commune-2021-2025',
    sourceVi: 'Chỉ thị của UBND tỉnh về xây dựng nông thôn mới năm 2023 (báo cáo 003)',
    sourceEn: 'Provincial directive on new-rural development in 2023 (report 003)',
  },
  {
    scope: 'village',
    year: 2022,
    asOf: '2022-01-01',
    criteriaSetId: 'village-2022-2025',
    sourceVi: 'Rà soát đầu năm 2022 (báo cáo 000)',
    sourceEn: 'Baseline review, early 2022 (report 000)',
  },
  {
    scope: 'village',
    year: 2023,
    asOf: '2023-04-25',
    criteriaSetId: 'village-2022-2025',
    sourceVi: 'Báo cáo Phòng Kinh tế thành phố Kon Tum tháng 4/2023 (báo cáo 000)',
    sourceEn: 'Kon Tum city economic office report, April 2023 (report 000)',
  },
];
