/**
 * The real alliance, from shared/reference/brics-training-facts.md: domains, institutions,
 * country groups. Seeded once; organizers edit it in the app afterwards.
 */
import type { LocalizedText } from "../schema/columns";
import type { InstitutionKind } from "../schema/institutions";

export const DOMAINS: { slug: string; name: LocalizedText }[] = [
  {
    slug: "macroeconomic-policy",
    name: {
      en: "Macroeconomic policy interpretation",
      "zh-CN": "宏观经济政策解读",
      ru: "Интерпретация макроэкономической политики",
      "pt-BR": "Interpretação de políticas macroeconômicas",
    },
  },
  {
    slug: "cross-cultural-communication",
    name: {
      en: "Cross-cultural communication and integration",
      "zh-CN": "跨文化交流融合",
      ru: "Межкультурная коммуникация и интеграция",
      "pt-BR": "Comunicação e integração intercultural",
    },
  },
  {
    slug: "smart-city-management",
    name: {
      en: "Smart city management",
      "zh-CN": "智慧城市管理",
      ru: "Управление умным городом",
      "pt-BR": "Gestão de cidades inteligentes",
    },
  },
  {
    slug: "smart-industry",
    name: { en: "Smart industry", "zh-CN": "智慧产业", ru: "Умная индустрия", "pt-BR": "Indústria inteligente" },
  },
  {
    slug: "intelligent-manufacturing",
    name: {
      en: "Intelligent manufacturing",
      "zh-CN": "智能制造",
      ru: "Интеллектуальное производство",
      "pt-BR": "Manufatura inteligente",
    },
  },
  {
    slug: "communications-internet",
    name: {
      en: "Communications and the Internet",
      "zh-CN": "通信与互联网",
      ru: "Связь и интернет",
      "pt-BR": "Comunicações e Internet",
    },
  },
];

const XIAMEN: LocalizedText = { en: "Xiamen", "zh-CN": "厦门", ru: "Сямэнь", "pt-BR": "Xiamen" };

export const INSTITUTIONS: {
  slug: string;
  name: LocalizedText;
  kind: InstitutionKind;
  memberSince: string;
  websiteUrl: string | null;
}[] = [
  {
    slug: "xiamen-university",
    name: {
      en: "Xiamen University",
      "zh-CN": "厦门大学",
      ru: "Сямэньский университет",
      "pt-BR": "Universidade de Xiamen",
    },
    kind: "university",
    memberSince: "2021-10-20",
    websiteUrl: "https://www.xmu.edu.cn",
  },
  {
    slug: "huaqiao-university",
    name: { en: "Huaqiao University", "zh-CN": "华侨大学", ru: "Университет Хуацяо", "pt-BR": "Universidade Huaqiao" },
    kind: "university",
    memberSince: "2021-10-20",
    websiteUrl: "https://www.hqu.edu.cn",
  },
  {
    slug: "xiamen-technician-college",
    name: {
      en: "Xiamen Technician College",
      "zh-CN": "厦门技师学院",
      ru: "Сямэньский технический колледж",
      "pt-BR": "Escola Técnica de Xiamen",
    },
    kind: "technician_college",
    memberSince: "2021-10-20",
    websiteUrl: null,
  },
  {
    slug: "xiamen-ocean-vocational-college",
    name: {
      en: "Xiamen Ocean Vocational College",
      "zh-CN": "厦门海洋职业技术学院",
      ru: "Сямэньский морской профессиональный колледж",
      "pt-BR": "Faculdade Profissional Oceânica de Xiamen",
    },
    kind: "vocational_college",
    memberSince: "2021-10-20",
    websiteUrl: null,
  },
  {
    slug: "xiamen-city-vocational-college",
    name: {
      en: "Xiamen City Vocational College",
      "zh-CN": "厦门城市职业学院",
      ru: "Сямэньский городской профессиональный колледж",
      "pt-BR": "Faculdade Profissional Municipal de Xiamen",
    },
    kind: "vocational_college",
    memberSince: "2021-10-20",
    websiteUrl: null,
  },
  {
    slug: "xiamen-brics-office",
    name: {
      en: "Xiamen BRICS Innovation Base Office",
      "zh-CN": "厦门市金砖创新基地建设领导小组办公室",
      ru: "Офис инновационной базы БРИКС в Сямэне",
      "pt-BR": "Escritório da Base de Inovação do BRICS em Xiamen",
    },
    kind: "organizer_office",
    memberSince: "2020-12-08",
    websiteUrl: null,
  },
];

export const INSTITUTION_CITY = XIAMEN;

/** The founding five: the members the alliance started with on 2021-10-20. */
export const FOUNDING_INSTITUTION_SLUGS = INSTITUTIONS.filter((i) => i.kind !== "organizer_office").map((i) => i.slug);

export const COUNTRY_GROUPS: {
  slug: string;
  name: LocalizedText;
  members: { since: string; codes: string[] }[];
}[] = [
  {
    slug: "brics-members",
    name: { en: "BRICS members", "zh-CN": "金砖国家成员国", ru: "Страны БРИКС", "pt-BR": "Membros do BRICS" },
    members: [
      // The founders; 2006 is when the group (then BRIC, South Africa from 2010) first met.
      { since: "2006-09-20", codes: ["BR", "RU", "IN", "CN"] },
      { since: "2010-12-24", codes: ["ZA"] },
      { since: "2024-01-01", codes: ["EG", "ET", "IR", "AE"] },
      { since: "2025-01-06", codes: ["ID"] },
    ],
  },
  {
    slug: "brics-partners",
    name: {
      en: "BRICS partner countries",
      "zh-CN": "金砖国家伙伴国",
      ru: "Страны-партнёры БРИКС",
      "pt-BR": "Países parceiros do BRICS",
    },
    members: [{ since: "2025-01-01", codes: ["BY", "BO", "KZ", "CU", "MY", "TH", "UG", "UZ", "NG", "VN"] }],
  },
];
