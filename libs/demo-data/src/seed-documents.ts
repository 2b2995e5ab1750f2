/**
 * The two source documents, as they are (shared/seeds): what an official would enter from the
 * paper. Requisites the documents do not state (INN, OGRN, addresses) are left empty rather than
 * invented.
 */

export interface SeedOrganization {
  key: string;
  kind: 'SCHOOL' | 'EDUCATION_AUTHORITY' | 'METHODOLOGICAL_CENTER' | 'OTHER';
  fullName: string;
  shortName?: string;
  headName?: string;
  authorityLevel?: 'REGIONAL' | 'MUNICIPAL';
}

export interface SeedOrder {
  key: string;
  issuer: string;
  kind: 'ORDER' | 'DIRECTIVE';
  number: string;
  issuedOn: string;
  signatory?: string;
  title: string;
  annexTitle?: string;
}

export interface SeedProgramme {
  key: string;
  owner: string;
  approvingOrder?: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

export interface SeedStatus {
  organization: string;
  kind:
    | 'LEADER_SCHOOL'
    | 'TRAINING_SITE'
    | 'REGIONAL_INNOVATION_SITE'
    | 'LOW_RESULTS'
    | 'UNFAVOURABLE_CONDITIONS';
  theme: string;
  grounds: string[];
  programme?: string;
  assigningOrder: string;
  methodologicalCentre?: string;
}

export interface SeedDocument {
  source: string;
  region: { code: string; name: string; timeZone: string };
  municipality: { name: string };
  organizations: SeedOrganization[];
  orders: SeedOrder[];
  programmes: SeedProgramme[];
  statuses: SeedStatus[];
}

const NETWORK_MENTORING =
  'Сетевое наставничество во взаимодействии школ с высокими и низкими образовательными результатами обучающихся';

/** 000: Priozersky district, Leningrad oblast — directive 364-р of 11.03.2021 and the regulation on the МСП. */
export const priozerskyDirective364: SeedDocument = {
  source: 'shared/seeds/000_8fddd5898aeefb46.txt',
  region: { code: '47', name: 'Ленинградская область', timeZone: 'Europe/Moscow' },
  municipality: { name: 'Приозерский муниципальный район' },
  organizations: [
    {
      key: 'committee',
      kind: 'EDUCATION_AUTHORITY',
      authorityLevel: 'MUNICIPAL',
      fullName:
        'Комитет образования администрации муниципального образования Приозерский муниципальный район Ленинградской области',
      shortName: 'Комитет образования Приозерского района',
    },
    {
      key: 'school4',
      kind: 'SCHOOL',
      fullName: 'Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № 4»',
      shortName: 'МОУ «СОШ № 4»',
      headName: 'Кондакова И.П.',
    },
    {
      key: 'cit',
      kind: 'METHODOLOGICAL_CENTER',
      fullName:
        'Муниципальное образовательное учреждение дополнительного образования детей Центр информационных технологий',
      shortName: 'МОУ ДОД ЦИТ',
      headName: 'Печанская Л.В.',
    },
  ],
  orders: [
    {
      key: '235-р',
      issuer: 'committee',
      kind: 'DIRECTIVE',
      number: '235-р',
      issuedOn: '2021-03-01',
      title: `Об утверждении проекта «${NETWORK_MENTORING}»`,
    },
    {
      key: '364-р',
      issuer: 'committee',
      kind: 'DIRECTIVE',
      number: '364-р',
      issuedOn: '2021-03-11',
      signatory: 'Заместитель председателя комитета образования И.И. Кравченко',
      title: 'Об организации деятельности стажировочной площадки',
      annexTitle:
        'Положение о муниципальной стажировочной площадке по повышению качества образования в школах с низкими образовательными результатами',
    },
  ],
  programmes: [
    {
      key: 'mentoring',
      owner: 'committee',
      approvingOrder: '235-р',
      name: NETWORK_MENTORING,
      startsOn: '2021-01-01',
      endsOn: '2023-05-31',
    },
  ],
  statuses: [
    {
      organization: 'school4',
      kind: 'TRAINING_SITE',
      theme: 'Повышение качества образования в школах с низкими образовательными результатами',
      grounds: [
        'Учреждение является региональной инновационной площадкой для реализации инновационной программы «Сетевое наставничество во взаимодействии школ с высокими и низкими результатами подготовки обучающихся: организационные механизмы»',
        'В учреждении работают педагоги — носители передового опыта, реализующие эффективные инновационные технологии в образовательном процессе',
        'Педагогический коллектив имеет опыт работы по актуальным направлениям развития муниципальной образовательной системы, положительные результаты деятельности по заявленному направлению, подготовлен к осуществлению учебно-методических функций для педагогов других школ',
      ],
      programme: 'mentoring',
      assigningOrder: '364-р',
      methodologicalCentre: 'cit',
    },
  ],
};

/**
 * 002: Pavlovsky district, Krasnodar krai — order 129 of 04.03.2021 approving the regulation on the
 * leader school. The order names no school; its annex is headed «от 04.03.2004 № 129», a misprint
 * of the paper kept out of the data (the order's own date is 04.03.2021).
 */
export const pavlovskyOrder129: SeedDocument = {
  source: 'shared/seeds/002_754e58047ed3dcac.txt',
  region: { code: '23', name: 'Краснодарский край', timeZone: 'Europe/Moscow' },
  municipality: { name: 'Павловский район' },
  organizations: [
    {
      key: 'department',
      kind: 'EDUCATION_AUTHORITY',
      authorityLevel: 'MUNICIPAL',
      fullName: 'Управление образованием администрации муниципального образования Павловский район',
      shortName: 'Управление образованием Павловского района',
      headName: 'Чекина Т.В.',
    },
  ],
  orders: [
    {
      key: '129',
      issuer: 'department',
      kind: 'ORDER',
      number: '129',
      issuedOn: '2021-03-04',
      signatory: 'Начальник управления образованием Т.В. Чекина',
      title:
        'Об утверждении положения об образовательной организации-лидере по повышению качества образования в школах с низкими образовательными результатами обучения и в школах, функционирующих в неблагоприятных социальных условиях в муниципальном образовании Павловский район',
      annexTitle:
        'Положение об образовательной организации-лидере по повышению качества образования в школах с низкими образовательными результатами обучения и в школах, функционирующих в неблагоприятных социальных условиях в муниципальном образовании Павловский район',
    },
  ],
  programmes: [],
  statuses: [],
};

export const seedDocuments = [priozerskyDirective364, pavlovskyOrder129];
