/**
 * The seed catalog in Russian and Brazilian Portuguese, beside catalog-data.ts's English and
 * Chinese, so that the demo reads whole in all four interface languages.
 */

type Pair = { ru: string; "pt-BR": string };

/** Programs by their English title: title and summary. */
export const PROGRAM_TRANSLATIONS: Record<string, { title: Pair; summary: Pair }> = {
  "Economic policy of the BRICS economies": {
    title: { ru: "Экономическая политика стран БРИКС", "pt-BR": "Política econômica das economias do BRICS" },
    summary: {
      ru: "Как Китай и его партнёры по БРИКС выстраивают бюджетную, денежно-кредитную и промышленную политику — в прочтении экономистов Сямэньского университета.",
      "pt-BR":
        "Como a China e seus parceiros do BRICS definem as políticas fiscal, monetária e industrial, na leitura dos economistas da Universidade de Xiamen.",
    },
  },
  "Digital economy and financial technology": {
    title: { ru: "Цифровая экономика и финансовые технологии", "pt-BR": "Economia digital e tecnologia financeira" },
    summary: {
      ru: "Финтех, цифровые платежи и экономика данных: развитие, регулирование и тенденции в Китае.",
      "pt-BR": "Fintech, pagamentos digitais e economia de dados: desenvolvimento, governança e tendências na China.",
    },
  },
  "Chinese language and culture for professionals": {
    title: {
      ru: "Китайский язык и культура для специалистов",
      "pt-BR": "Língua e cultura chinesas para profissionais",
    },
    summary: {
      ru: "Практический китайский и культурные знания, нужные деловым и государственным партнёрам в Китае.",
      "pt-BR":
        "Chinês prático e o conhecimento cultural de que parceiros empresariais e governamentais precisam na China.",
    },
  },
  "Law and intellectual property for investors": {
    title: {
      ru: "Право и интеллектуальная собственность для инвесторов",
      "pt-BR": "Direito e propriedade intelectual para investidores",
    },
    summary: {
      ru: "Правовые основы для предприятий стран БРИКС, инвестирующих в Китай: корпоративное право, договоры, споры и ИС.",
      "pt-BR":
        "A base jurídica para empresas do BRICS que investem na China: direito societário, contratos, litígios e propriedade intelectual.",
    },
  },
  "Industrial robotics and automation": {
    title: { ru: "Промышленная робототехника и автоматизация", "pt-BR": "Robótica industrial e automação" },
    summary: {
      ru: "Практическое обучение работе с промышленными роботами, ПЛК и автоматизированными линиями для техников и преподавателей.",
      "pt-BR":
        "Formação prática em robôs industriais, CLPs e linhas de produção automatizadas para técnicos e formadores.",
    },
  },
  "Digital manufacturing and the industrial internet": {
    title: { ru: "Цифровое производство и промышленный интернет", "pt-BR": "Manufatura digital e internet industrial" },
    summary: {
      ru: "ЧПУ, аддитивное производство и подключённые фабрики: навыки современного техника-производственника.",
      "pt-BR": "CNC, manufatura aditiva e fábricas conectadas: as competências do técnico de manufatura moderno.",
    },
  },
  "Smart ports and marine industries": {
    title: { ru: "Умные порты и морские отрасли", "pt-BR": "Portos inteligentes e indústrias marítimas" },
    summary: {
      ru: "Как Сямэнь управляет одним из самых автоматизированных контейнерных портов мира и что из этого могут взять другие портовые города.",
      "pt-BR":
        "Como Xiamen opera um dos portos de contêineres mais automatizados do mundo, e o que outras cidades portuárias podem aproveitar.",
    },
  },
  "Marine information technology": {
    title: { ru: "Морские информационные технологии", "pt-BR": "Tecnologia da informação marítima" },
    summary: {
      ru: "Датчики, связь и данные для голубой экономики.",
      "pt-BR": "Sensoriamento, comunicações e dados para a economia azul.",
    },
  },
  "Smart city governance": {
    title: { ru: "Управление умным городом", "pt-BR": "Governança de cidades inteligentes" },
    summary: {
      ru: "«Городской мозг», цифровые госуслуги и управление сообществами, с выездами на объекты Сямэня.",
      "pt-BR": "Cérebros urbanos, serviços públicos digitais e gestão comunitária, com visitas técnicas em Xiamen.",
    },
  },
  "Doing business with China": {
    title: { ru: "Ведение бизнеса с Китаем", "pt-BR": "Fazendo negócios com a China" },
    summary: {
      ru: "Брифинги для компаний и чиновников стран БРИКС, проводимые совместно с посольствами и правительствами регионов.",
      "pt-BR":
        "Sessões para empresas e autoridades dos países do BRICS, em parceria com embaixadas e governos estaduais.",
    },
  },
  "New industrial capability": {
    title: { ru: "Новые промышленные компетенции", "pt-BR": "Nova capacidade industrial" },
    summary: {
      ru: "Чему научились китайские промышленные лидеры в инновациях, интернационализации и зелёном росте.",
      "pt-BR":
        "O que os líderes industriais chineses aprenderam sobre inovação, internacionalização e crescimento verde.",
    },
  },
};

/** Course titles by course code. */
export const COURSE_TRANSLATIONS: Record<string, Pair> = {
  "XMU-MP-101": { ru: "Как читать пятилетние планы Китая", "pt-BR": "Como ler os planos quinquenais da China" },
  "XMU-MP-102": { ru: "Денежно-кредитная политика и жэньминьби", "pt-BR": "Política monetária e o renminbi" },
  "XMU-MP-201": {
    ru: "Промышленная политика для новой промышленной революции",
    "pt-BR": "Política industrial para a nova revolução industrial",
  },
  "XMU-MP-202": {
    ru: "Торговля и инвестиции между странами БРИКС",
    "pt-BR": "Comércio e investimento entre os países do BRICS",
  },
  "XMU-MP-203": {
    ru: "Зоны свободной торговли и опыт Сямэня",
    "pt-BR": "Zonas de livre comércio e a experiência de Xiamen",
  },
  "XMU-DE-101": {
    ru: "Финтех в Китае: развитие, регулирование и тенденции",
    "pt-BR": "Fintech na China: desenvolvimento, governança e tendências",
  },
  "XMU-DE-102": { ru: "Цифровые платежи и инклюзивные финансы", "pt-BR": "Pagamentos digitais e inclusão financeira" },
  "XMU-DE-201": { ru: "Данные как фактор производства", "pt-BR": "Dados como fator de produção" },
  "XMU-DE-202": {
    ru: "Регулирование платформ и цифровых рынков",
    "pt-BR": "Regulação de plataformas e mercados digitais",
  },
  "XMU-DE-203": {
    ru: "Искусственный интеллект в финансовых услугах",
    "pt-BR": "Inteligência artificial nos serviços financeiros",
  },
  "HQU-CC-101": { ru: "Деловой китайский для начинающих", "pt-BR": "Chinês para negócios para iniciantes" },
  "HQU-CC-102": { ru: "Переговоры между культурами", "pt-BR": "Negociação entre culturas" },
  "HQU-CC-103": { ru: "Китайский деловой этикет", "pt-BR": "Etiqueta empresarial chinesa" },
  "HQU-CC-201": {
    ru: "Зарубежные китайские общины и торговые сети",
    "pt-BR": "Comunidades chinesas no exterior e redes de comércio",
  },
  "HQU-LAW-101": {
    ru: "Правовые вопросы инвестиций стран БРИКС в Китай",
    "pt-BR": "Questões jurídicas para países do BRICS que investem na China",
  },
  "HQU-LAW-102": {
    ru: "Укрепление потенциала предприятий БРИКС в сфере ИС",
    "pt-BR": "Fortalecendo a capacidade de PI das empresas do BRICS",
  },
  "HQU-LAW-201": { ru: "Трансграничный коммерческий арбитраж", "pt-BR": "Arbitragem comercial transfronteiriça" },
  "HQU-LAW-202": { ru: "Законодательство Китая о защите данных", "pt-BR": "Lei de proteção de dados na China" },
  "XTC-RB-101": {
    ru: "Эксплуатация и программирование промышленных роботов",
    "pt-BR": "Operação e programação de robôs industriais",
  },
  "XTC-RB-102": {
    ru: "Программирование ПЛК для производственных линий",
    "pt-BR": "Programação de CLP para linhas de produção",
  },
  "XTC-RB-201": { ru: "Машинное зрение для контроля качества", "pt-BR": "Visão de máquina para inspeção de qualidade" },
  "XTC-RB-202": {
    ru: "Обслуживание автоматизированного оборудования",
    "pt-BR": "Manutenção de equipamentos automatizados",
  },
  "XTC-DM-101": { ru: "Основы обработки на станках с ЧПУ", "pt-BR": "Fundamentos de usinagem CNC" },
  "XTC-DM-102": { ru: "Аддитивное производство и 3D-печать", "pt-BR": "Manufatura aditiva e impressão 3D" },
  "XTC-DM-201": {
    ru: "Платформы промышленного интернета в цеху",
    "pt-BR": "Plataformas de internet industrial no chão de fábrica",
  },
  "XTC-DM-202": { ru: "Цифровые двойники для производства", "pt-BR": "Gêmeos digitais para a produção" },
  "XOVC-SP-101": {
    ru: "Работа автоматизированного контейнерного терминала",
    "pt-BR": "Operação de terminais de contêineres automatizados",
  },
  "XOVC-SP-102": {
    ru: "Портовая логистика и цепочки поставок",
    "pt-BR": "Logística portuária e cadeias de suprimentos",
  },
  "XOVC-SP-201": {
    ru: "Зелёное судоходство и низкоуглеродные порты",
    "pt-BR": "Navegação verde e portos de baixo carbono",
  },
  "XOVC-MI-101": { ru: "Морская связь и спутниковые каналы", "pt-BR": "Comunicações marítimas e enlaces por satélite" },
  "XOVC-MI-102": {
    ru: "Наблюдение за океаном и датчики интернета вещей",
    "pt-BR": "Observação oceânica e sensores de IoT",
  },
  "XOVC-MI-201": {
    ru: "Платформы данных для рыболовства и аквакультуры",
    "pt-BR": "Plataformas de dados para pesca e aquicultura",
  },
  "XCVC-SC-101": { ru: "Цифровые государственные услуги", "pt-BR": "Serviços públicos digitais" },
  "XCVC-SC-102": { ru: "Городские ситуационные центры", "pt-BR": "Centros de operações urbanas" },
  "XCVC-SC-103": {
    ru: "Управление научно-технологическими парками",
    "pt-BR": "Gestão de parques científicos e tecnológicos",
  },
  "XCVC-SC-201": {
    ru: "Умный уход за пожилыми и услуги для сообществ",
    "pt-BR": "Cuidado inteligente de idosos e serviços comunitários",
  },
  "XCVC-SC-202": {
    ru: "Низковысотная экономика и городская воздушная мобильность",
    "pt-BR": "Economia de baixa altitude e mobilidade aérea urbana",
  },
  "BRICS-BIZ-101": {
    ru: "Практические стратегии выхода на китайский рынок",
    "pt-BR": "Estratégias práticas para entrar no mercado chinês",
  },
  "BRICS-BIZ-102": {
    ru: "Трансграничная электронная торговля с Китаем",
    "pt-BR": "Comércio eletrônico transfronteiriço com a China",
  },
  "BRICS-BIZ-201": { ru: "Сотрудничество промышленности и финансов", "pt-BR": "Cooperação entre indústria e finanças" },
  "BRICS-NIC-101": { ru: "Уроки интернационализации Huawei", "pt-BR": "Aprendendo internacionalização com a Huawei" },
  "BRICS-NIC-102": { ru: "Зелёная и низкоуглеродная промышленность", "pt-BR": "Indústria verde e de baixo carbono" },
  "BRICS-NIC-103": {
    ru: "Промышленный дизайн и традиционные отрасли",
    "pt-BR": "Design industrial e indústrias tradicionais",
  },
  "BRICS-NIC-201": {
    ru: "Искусственный интеллект для промышленности",
    "pt-BR": "Inteligência artificial para a indústria",
  },
};

/** Venues and co-hosts of the 2021 trainings, by their English text. */
export const PLACE_TRANSLATIONS: Record<string, Pair> = {
  "Embassy of Brazil in China; State of Mato Grosso (Brazil)": {
    ru: "Посольство Бразилии в Китае; штат Мату-Гросу (Бразилия)",
    "pt-BR": "Embaixada do Brasil na China; Estado de Mato Grosso",
  },
  "Embassy of Brazil in China": { ru: "Посольство Бразилии в Китае", "pt-BR": "Embaixada do Brasil na China" },
  "BRICS Innovation Base, Xiamen": {
    ru: "Инновационная база БРИКС, Сямэнь",
    "pt-BR": "Base de Inovação do BRICS, Xiamen",
  },
  "Xiamen University, Siming campus": {
    ru: "Сямэньский университет, кампус Сымин",
    "pt-BR": "Universidade de Xiamen, campus de Siming",
  },
  "Huaqiao University, Xiamen campus": {
    ru: "Университет Хуацяо, кампус в Сямэне",
    "pt-BR": "Universidade Huaqiao, campus de Xiamen",
  },
};
