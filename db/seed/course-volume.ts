/**
 * The alliance's 2021 catalog had about 320 courses. Beyond the hand-written ones, the seed
 * fills each program with courses made of its domain's topics (the 2021 domains and the topics
 * added in 2024) and the formats the institutions teach in, in the four interface languages.
 */
export const TARGET_COURSE_COUNT = 320;

const TOPICS: Record<string, [string, string][]> = {
  "macroeconomic-policy": [
    ["Digital economy policy", "数字经济政策"],
    ["Industry–finance cooperation", "产融合作"],
    ["Green and low-carbon industrial policy", "绿色低碳产业政策"],
    ["Investment promotion", "投资促进"],
    ["Customs and trade facilitation", "海关与贸易便利化"],
    ["Special economic zones", "经济特区建设"],
  ],
  "cross-cultural-communication": [
    ["Intercultural teamwork", "跨文化团队协作"],
    ["Chinese for engineers", "工程技术汉语"],
    ["Media and public communication", "媒体与公共传播"],
    ["Heritage industries and culture", "传统产业与文化"],
    ["Protocol for international events", "国际活动礼宾"],
  ],
  "smart-city-management": [
    ["Urban data platforms", "城市数据平台"],
    ["Smart transport", "智慧交通"],
    ["Low-altitude economy", "低空经济"],
    ["Disaster early warning", "灾害预警"],
    ["Smart water management", "智慧水务"],
    ["Energy-efficient buildings", "建筑节能"],
  ],
  "smart-industry": [
    ["Digital industry ecosystems", "数字产业生态"],
    ["Industrial design", "工业设计"],
    ["Energy electronics", "能源电子"],
    ["Artificial intelligence applications", "人工智能应用"],
    ["Supply chain digitalization", "供应链数字化"],
    ["Industrial technology innovation", "产业技术创新"],
  ],
  "intelligent-manufacturing": [
    ["Industrial internet", "工业互联网"],
    ["Smart manufacturing systems", "智能制造系统"],
    ["Predictive maintenance", "预测性维护"],
    ["Quality engineering", "质量工程"],
    ["Collaborative robots", "协作机器人"],
    ["Welding automation", "焊接自动化"],
  ],
  "communications-internet": [
    ["5G networks", "5G 网络"],
    ["Cybersecurity basics", "网络安全基础"],
    ["Cloud computing", "云计算"],
    ["Internet of things", "物联网"],
    ["E-government services", "电子政务服务"],
    ["Satellite communications", "卫星通信"],
  ],
};

const FORMATS: [string, string, number, "introductory" | "intermediate" | "advanced"][] = [
  ["introduction", "入门", 6, "introductory"],
  ["practitioner workshop", "实务工作坊", 12, "intermediate"],
  ["case studies from Xiamen", "厦门案例研究", 8, "intermediate"],
  ["masterclass", "高级研修", 16, "advanced"],
  ["site visits and practice", "实地考察与实践", 24, "intermediate"],
];

/** The topics and formats in Russian and Brazilian Portuguese, by their English text. */
const TOPIC_TRANSLATIONS: Record<string, [ru: string, pt: string]> = {
  "Digital economy policy": ["Политика цифровой экономики", "Política de economia digital"],
  "Industry–finance cooperation": ["Сотрудничество промышленности и финансов", "Cooperação entre indústria e finanças"],
  "Green and low-carbon industrial policy": [
    "Зелёная низкоуглеродная промышленная политика",
    "Política industrial verde e de baixo carbono",
  ],
  "Investment promotion": ["Привлечение инвестиций", "Promoção de investimentos"],
  "Customs and trade facilitation": ["Таможня и упрощение торговли", "Alfândega e facilitação do comércio"],
  "Special economic zones": ["Особые экономические зоны", "Zonas econômicas especiais"],
  "Intercultural teamwork": ["Межкультурная командная работа", "Trabalho em equipe intercultural"],
  "Chinese for engineers": ["Китайский для инженеров", "Chinês para engenheiros"],
  "Media and public communication": ["СМИ и публичные коммуникации", "Mídia e comunicação pública"],
  "Heritage industries and culture": ["Традиционные отрасли и культура", "Indústrias tradicionais e cultura"],
  "Protocol for international events": ["Протокол международных мероприятий", "Protocolo para eventos internacionais"],
  "Urban data platforms": ["Городские платформы данных", "Plataformas de dados urbanos"],
  "Smart transport": ["Умный транспорт", "Transporte inteligente"],
  "Low-altitude economy": ["Низковысотная экономика", "Economia de baixa altitude"],
  "Disaster early warning": ["Раннее предупреждение о бедствиях", "Alerta precoce de desastres"],
  "Smart water management": ["Умное водное хозяйство", "Gestão inteligente da água"],
  "Energy-efficient buildings": ["Энергоэффективные здания", "Edifícios energeticamente eficientes"],
  "Digital industry ecosystems": ["Экосистемы цифровой промышленности", "Ecossistemas da indústria digital"],
  "Industrial design": ["Промышленный дизайн", "Design industrial"],
  "Energy electronics": ["Энергетическая электроника", "Eletrônica de energia"],
  "Artificial intelligence applications": [
    "Применение искусственного интеллекта",
    "Aplicações de inteligência artificial",
  ],
  "Supply chain digitalization": ["Цифровизация цепочек поставок", "Digitalização da cadeia de suprimentos"],
  "Industrial technology innovation": ["Инновации в промышленных технологиях", "Inovação em tecnologia industrial"],
  "Industrial internet": ["Промышленный интернет", "Internet industrial"],
  "Smart manufacturing systems": ["Системы умного производства", "Sistemas de manufatura inteligente"],
  "Predictive maintenance": ["Предиктивное обслуживание", "Manutenção preditiva"],
  "Quality engineering": ["Инженерия качества", "Engenharia da qualidade"],
  "Collaborative robots": ["Коллаборативные роботы", "Robôs colaborativos"],
  "Welding automation": ["Автоматизация сварки", "Automação de soldagem"],
  "5G networks": ["Сети 5G", "Redes 5G"],
  "Cybersecurity basics": ["Основы кибербезопасности", "Fundamentos de cibersegurança"],
  "Cloud computing": ["Облачные вычисления", "Computação em nuvem"],
  "Internet of things": ["Интернет вещей", "Internet das coisas"],
  "E-government services": ["Услуги электронного правительства", "Serviços de governo eletrônico"],
  "Satellite communications": ["Спутниковая связь", "Comunicações por satélite"],
};
const FORMAT_TRANSLATIONS: Record<string, [ru: string, pt: string]> = {
  introduction: ["введение", "introdução"],
  "practitioner workshop": ["практический семинар", "oficina prática"],
  "case studies from Xiamen": ["кейсы Сямэня", "estudos de caso de Xiamen"],
  masterclass: ["мастер-класс", "masterclass"],
  "site visits and practice": ["выезды на объекты и практика", "visitas técnicas e prática"],
};

export type GeneratedCourse = {
  code: string;
  en: string;
  zh: string;
  ru: string;
  pt: string;
  hours: number;
  level: "introductory" | "intermediate" | "advanced";
};

/** `count` courses for a program of `domain`, coded `${prefix}-G01`, `-G02`, … */
export function generateCourses(domain: string, prefix: string, count: number): GeneratedCourse[] {
  const topics = TOPICS[domain] ?? [];
  const out: GeneratedCourse[] = [];
  for (let i = 0; out.length < count && topics.length > 0 && i < topics.length * FORMATS.length; i++) {
    const topic = topics[i % topics.length];
    const format = FORMATS[Math.floor(i / topics.length) % FORMATS.length];
    if (!topic || !format) break;
    out.push({
      code: `${prefix}-G${String(i + 1).padStart(2, "0")}`,
      en: `${topic[0]}: ${format[0]}`,
      zh: `${topic[1]}：${format[1]}`,
      ru: `${TOPIC_TRANSLATIONS[topic[0]]?.[0] ?? topic[0]}: ${FORMAT_TRANSLATIONS[format[0]]?.[0] ?? format[0]}`,
      pt: `${TOPIC_TRANSLATIONS[topic[0]]?.[1] ?? topic[0]}: ${FORMAT_TRANSLATIONS[format[0]]?.[1] ?? format[0]}`,
      hours: format[2],
      level: format[3],
    });
  }
  return out;
}
