/**
 * Where demo trainees come from, weighted like the sources: BRICS members heavy, and the
 * "more than ten others" the 2021 report names (Germany, the Netherlands, Ukraine, Pakistan,
 * Kazakhstan, Chile) present.
 */
export const TRAINEE_COUNTRY_WEIGHTS: readonly (readonly [string, number])[] = [
  ["CN", 18],
  ["BR", 12],
  ["RU", 12],
  ["IN", 12],
  ["ZA", 8],
  ["EG", 4],
  ["ET", 3],
  ["IR", 3],
  ["AE", 2],
  ["ID", 3],
  ["DE", 2],
  ["NL", 1.5],
  ["UA", 1.5],
  ["PK", 2],
  ["KZ", 2],
  ["CL", 1.5],
  ["BY", 1],
  ["BO", 0.5],
  ["CU", 0.5],
  ["MY", 1],
  ["TH", 1],
  ["UG", 1],
  ["UZ", 1],
  ["NG", 2],
  ["VN", 1],
  ["SA", 1],
  ["AR", 1],
  ["MX", 1],
  ["TR", 1],
  ["KE", 1],
  ["GH", 0.5],
  ["BD", 1],
  ["LK", 0.5],
];

type NamePool = { first: string[]; last: string[]; locale: string };

const POOLS: Record<string, NamePool> = {
  zh: {
    first: ["伟", "芳", "娜", "敏", "静", "磊", "洋", "婷", "杰", "涛"],
    last: ["王", "李", "张", "刘", "陈", "杨", "黄", "林", "郑", "吴"],
    locale: "zh-CN",
  },
  pt: {
    first: ["Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Juliana", "Rafael"],
    last: ["Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida"],
    locale: "pt-BR",
  },
  ru: {
    first: ["Анна", "Дмитрий", "Елена", "Сергей", "Ольга", "Алексей", "Мария", "Иван"],
    last: ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Новиков"],
    locale: "ru",
  },
  south_asia: {
    first: ["Priya", "Rahul", "Ananya", "Arjun", "Fatima", "Imran", "Nusrat", "Kavya"],
    last: ["Sharma", "Patel", "Reddy", "Khan", "Iyer", "Ahmed", "Perera"],
    locale: "en",
  },
  africa: {
    first: ["Thabo", "Naledi", "Chinedu", "Amara", "Kwame", "Abebe", "Wanjiru", "Sipho"],
    last: ["Nkosi", "Dlamini", "Okafor", "Mensah", "Tesfaye", "Mwangi", "Okello"],
    locale: "en",
  },
  arabic: {
    first: ["Omar", "Layla", "Ahmed", "Mariam", "Youssef", "Sara", "Reza", "Zahra"],
    last: ["Hassan", "Mansour", "Al Nuaimi", "Haddad", "Karimi", "Farouk", "Tehrani"],
    locale: "en",
  },
  spanish: {
    first: ["Camila", "Mateo", "Valentina", "Diego", "Sofía", "Javier", "Lucía"],
    last: ["González", "Rodríguez", "Fernández", "López", "Martínez", "Pérez"],
    locale: "en",
  },
  southeast_asia: {
    first: ["Siti", "Budi", "Nguyen", "Somchai", "Aisyah", "Linh", "Arif"],
    last: ["Wijaya", "Tran", "Rahman", "Saetang", "Santoso", "Pham", "Abdullah"],
    locale: "en",
  },
  europe: {
    first: ["Lena", "Jan", "Sophie", "Lukas", "Emma", "Marco", "Elif"],
    last: ["Müller", "de Vries", "Bakker", "Schmidt", "Rossi", "Dubois", "Yılmaz"],
    locale: "en",
  },
};

const POOL_OF_COUNTRY: Record<string, keyof typeof POOLS> = {
  CN: "zh",
  BR: "pt",
  RU: "ru",
  BY: "ru",
  KZ: "ru",
  UZ: "ru",
  UA: "ru",
  IN: "south_asia",
  PK: "south_asia",
  BD: "south_asia",
  LK: "south_asia",
  ZA: "africa",
  ET: "africa",
  NG: "africa",
  UG: "africa",
  KE: "africa",
  GH: "africa",
  EG: "arabic",
  IR: "arabic",
  AE: "arabic",
  SA: "arabic",
  TR: "europe",
  CL: "spanish",
  BO: "spanish",
  CU: "spanish",
  AR: "spanish",
  MX: "spanish",
  ID: "southeast_asia",
  MY: "southeast_asia",
  TH: "southeast_asia",
  VN: "southeast_asia",
  DE: "europe",
  NL: "europe",
};

export function namePoolFor(countryCode: string): NamePool {
  return POOLS[POOL_OF_COUNTRY[countryCode] ?? "europe"] ?? (POOLS.europe as NamePool);
}

export const ORGANIZATIONS = [
  "Ministry of Industry and Trade",
  "Chamber of Commerce",
  "National Technical University",
  "Port Authority",
  "Municipal Government",
  "Industrial Development Agency",
  "Customs Administration",
  "Small Business Association",
  "Polytechnic Institute",
  "Telecommunications Company",
  "Manufacturing Cooperative",
  "Investment Promotion Agency",
];
