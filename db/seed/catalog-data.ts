/**
 * The seed catalog: eleven programs over the six domains and the alliance's institutions,
 * with their courses in English and Chinese. Course codes are stable so the 2021 trainings
 * and the demo generator can refer to them.
 */
import type { LocalizedText } from "../schema/columns";

type Level = "introductory" | "intermediate" | "advanced";

/** [code, English title, Chinese title, hours, level] */
type CourseRow = [string, string, string, number, Level];

export type ProgramSeed = {
  institution: string;
  domain: string;
  title: LocalizedText;
  summary: LocalizedText;
  languages: string[];
  courses: CourseRow[];
};

export const PROGRAMS: ProgramSeed[] = [
  {
    institution: "xiamen-university",
    domain: "macroeconomic-policy",
    title: { en: "Economic policy of the BRICS economies", "zh-CN": "金砖国家经济政策" },
    summary: {
      en: "How China and its BRICS partners set fiscal, monetary and industrial policy, read by the economists of Xiamen University.",
      "zh-CN": "厦门大学经济学者解读中国及金砖伙伴国的财政、货币与产业政策。",
    },
    languages: ["en", "zh", "ru"],
    courses: [
      ["XMU-MP-101", "Reading China's five-year plans", "读懂中国五年规划", 12, "introductory"],
      ["XMU-MP-102", "Monetary policy and the renminbi", "货币政策与人民币", 16, "intermediate"],
      ["XMU-MP-201", "Industrial policy for the new industrial revolution", "新工业革命中的产业政策", 20, "advanced"],
      ["XMU-MP-202", "Trade and investment among BRICS countries", "金砖国家间的贸易与投资", 16, "intermediate"],
      ["XMU-MP-203", "Free trade zones and the Xiamen experience", "自由贸易试验区与厦门经验", 8, "introductory"],
    ],
  },
  {
    institution: "xiamen-university",
    domain: "smart-industry",
    title: { en: "Digital economy and financial technology", "zh-CN": "数字经济与金融科技" },
    summary: {
      en: "Fintech, digital payments and the data economy: development, governance and trends in China.",
      "zh-CN": "金融科技、数字支付与数据经济：中国的发展、治理与趋势。",
    },
    languages: ["en", "zh"],
    courses: [
      [
        "XMU-DE-101",
        "China fintech: development, governance and trends",
        "中国金融科技发展、治理与趋势",
        6,
        "introductory",
      ],
      ["XMU-DE-102", "Digital payments and inclusive finance", "数字支付与普惠金融", 12, "introductory"],
      ["XMU-DE-201", "Data as a factor of production", "数据要素与数字经济", 16, "intermediate"],
      ["XMU-DE-202", "Regulating platforms and digital markets", "平台经济与数字市场监管", 12, "advanced"],
      ["XMU-DE-203", "Artificial intelligence in financial services", "人工智能在金融服务中的应用", 16, "intermediate"],
    ],
  },
  {
    institution: "huaqiao-university",
    domain: "cross-cultural-communication",
    title: { en: "Chinese language and culture for professionals", "zh-CN": "面向职业人士的中文与中国文化" },
    summary: {
      en: "Practical Chinese and the cultural know-how that business and government partners need in China.",
      "zh-CN": "面向商界和政府合作伙伴的实用中文与中国文化知识。",
    },
    languages: ["en", "zh", "pt", "ru"],
    courses: [
      ["HQU-CC-101", "Business Chinese for beginners", "商务汉语入门", 32, "introductory"],
      ["HQU-CC-102", "Negotiating across cultures", "跨文化商务谈判", 12, "intermediate"],
      ["HQU-CC-103", "Chinese business etiquette", "中国商务礼仪", 6, "introductory"],
      ["HQU-CC-201", "Overseas Chinese communities and trade networks", "海外华侨华人与贸易网络", 8, "intermediate"],
    ],
  },
  {
    institution: "huaqiao-university",
    domain: "macroeconomic-policy",
    title: { en: "Law and intellectual property for investors", "zh-CN": "投资法律与知识产权" },
    summary: {
      en: "The legal ground for BRICS enterprises that invest in China: company law, contracts, disputes and IP.",
      "zh-CN": "金砖国家企业在华投资的法律基础：公司法、合同、争议解决与知识产权。",
    },
    languages: ["en", "zh"],
    courses: [
      [
        "HQU-LAW-101",
        "Legal issues for BRICS countries investing in China",
        "金砖国家投资中国的相关法律问题",
        4,
        "introductory",
      ],
      [
        "HQU-LAW-102",
        "Improving the IP capability of BRICS enterprises",
        "金砖国家企业知识产权提升",
        6,
        "intermediate",
      ],
      ["HQU-LAW-201", "Cross-border commercial arbitration", "跨境商事仲裁", 12, "advanced"],
      ["HQU-LAW-202", "Data protection law in China", "中国数据保护法律", 8, "intermediate"],
    ],
  },
  {
    institution: "xiamen-technician-college",
    domain: "intelligent-manufacturing",
    title: { en: "Industrial robotics and automation", "zh-CN": "工业机器人与自动化" },
    summary: {
      en: "Hands-on training on industrial robots, PLCs and automated production lines for technicians and trainers.",
      "zh-CN": "面向技术人员与培训师的工业机器人、PLC 与自动化产线实训。",
    },
    languages: ["en", "zh"],
    courses: [
      ["XTC-RB-101", "Industrial robot operation and programming", "工业机器人操作与编程", 40, "introductory"],
      ["XTC-RB-102", "PLC programming for production lines", "生产线 PLC 编程", 32, "intermediate"],
      ["XTC-RB-201", "Machine vision for quality inspection", "机器视觉质量检测", 24, "advanced"],
      ["XTC-RB-202", "Maintenance of automated equipment", "自动化设备维护", 24, "intermediate"],
    ],
  },
  {
    institution: "xiamen-technician-college",
    domain: "intelligent-manufacturing",
    title: { en: "Digital manufacturing and the industrial internet", "zh-CN": "数字化制造与工业互联网" },
    summary: {
      en: "CNC, additive manufacturing and connected factories: the skills of a modern manufacturing technician.",
      "zh-CN": "数控、增材制造与互联工厂：现代制造技师的核心技能。",
    },
    languages: ["en", "zh", "ru"],
    courses: [
      ["XTC-DM-101", "CNC machining fundamentals", "数控加工基础", 40, "introductory"],
      ["XTC-DM-102", "Additive manufacturing and 3D printing", "增材制造与 3D 打印", 24, "introductory"],
      ["XTC-DM-201", "Industrial internet platforms on the shop floor", "车间中的工业互联网平台", 16, "intermediate"],
      ["XTC-DM-202", "Digital twins for production", "面向生产的数字孪生", 16, "advanced"],
    ],
  },
  {
    institution: "xiamen-ocean-vocational-college",
    domain: "smart-city-management",
    title: { en: "Smart ports and marine industries", "zh-CN": "智慧港口与海洋产业" },
    summary: {
      en: "How Xiamen runs one of the world's most automated container ports, and what other port cities can take from it.",
      "zh-CN": "厦门如何运营全球自动化程度最高的集装箱码头之一，以及其他港口城市的借鉴。",
    },
    languages: ["en", "zh", "pt"],
    courses: [
      ["XOVC-SP-101", "Automated container terminal operations", "自动化集装箱码头运营", 16, "intermediate"],
      ["XOVC-SP-102", "Port logistics and supply chains", "港口物流与供应链", 12, "introductory"],
      ["XOVC-SP-201", "Green shipping and low-carbon ports", "绿色航运与低碳港口", 8, "intermediate"],
    ],
  },
  {
    institution: "xiamen-ocean-vocational-college",
    domain: "communications-internet",
    title: { en: "Marine information technology", "zh-CN": "海洋信息技术" },
    summary: {
      en: "Sensing, communications and data for the blue economy.",
      "zh-CN": "服务蓝色经济的感知、通信与数据技术。",
    },
    languages: ["en", "zh"],
    courses: [
      ["XOVC-MI-101", "Maritime communications and satellite links", "海上通信与卫星链路", 12, "introductory"],
      ["XOVC-MI-102", "Ocean observation and IoT sensors", "海洋观测与物联网传感器", 16, "intermediate"],
      ["XOVC-MI-201", "Data platforms for fisheries and aquaculture", "渔业与水产养殖数据平台", 12, "intermediate"],
    ],
  },
  {
    institution: "xiamen-city-vocational-college",
    domain: "smart-city-management",
    title: { en: "Smart city governance", "zh-CN": "智慧城市治理" },
    summary: {
      en: "City brains, digital public services and community management, with site visits in Xiamen.",
      "zh-CN": "城市大脑、数字公共服务与社区治理，含厦门实地考察。",
    },
    languages: ["en", "zh", "ru", "pt"],
    courses: [
      ["XCVC-SC-101", "Digital public services", "数字化公共服务", 12, "introductory"],
      ["XCVC-SC-102", "Urban operations centres", "城市运行管理中心", 12, "intermediate"],
      ["XCVC-SC-103", "Science and technology park management", "科技园区管理", 4, "introductory"],
      ["XCVC-SC-201", "Smart elderly care and community services", "智慧养老与社区服务", 8, "intermediate"],
      ["XCVC-SC-202", "Low-altitude economy and urban air mobility", "低空经济与城市空中交通", 8, "advanced"],
    ],
  },
  {
    institution: "xiamen-brics-office",
    domain: "macroeconomic-policy",
    title: { en: "Doing business with China", "zh-CN": "对华经贸合作" },
    summary: {
      en: "Briefings for companies and officials of BRICS countries, co-hosted with embassies and state governments.",
      "zh-CN": "面向金砖国家企业与官员的专题培训，与各国驻华使馆及地方政府联合举办。",
    },
    languages: ["en", "zh", "pt"],
    courses: [
      [
        "BRICS-BIZ-101",
        "Practical strategies for entering the Chinese market",
        "进入中国市场的实用策略",
        3,
        "introductory",
      ],
      ["BRICS-BIZ-102", "Cross-border e-commerce with China", "对华跨境电子商务", 6, "introductory"],
      ["BRICS-BIZ-201", "Industry–finance cooperation", "产融合作", 6, "intermediate"],
    ],
  },
  {
    institution: "xiamen-brics-office",
    domain: "smart-industry",
    title: { en: "New industrial capability", "zh-CN": "新工业能力提升" },
    summary: {
      en: "What Chinese industrial leaders learned about innovation, internationalization and green growth.",
      "zh-CN": "中国产业领军企业在创新、国际化与绿色发展方面的经验。",
    },
    languages: ["en", "zh", "ru", "pt"],
    courses: [
      ["BRICS-NIC-101", "Learning internationalization from Huawei", "向华为学习国际化", 18, "intermediate"],
      ["BRICS-NIC-102", "Green and low-carbon industry", "绿色低碳产业", 6, "introductory"],
      ["BRICS-NIC-103", "Industrial design and heritage industries", "工业设计与传统产业", 6, "introductory"],
      ["BRICS-NIC-201", "Artificial intelligence for industry", "人工智能赋能产业", 8, "intermediate"],
    ],
  },
];

/** The six trainings actually held in 2021 (the reference facts), as past sessions. */
export const TRAININGS_2021: {
  course: string;
  start: string;
  end: string;
  mode: "online" | "offline" | "hybrid";
  coHost: LocalizedText | null;
  venue: LocalizedText | null;
  languages: string[];
}[] = [
  {
    course: "BRICS-BIZ-101",
    start: "2021-04-29T20:00",
    end: "2021-04-29T23:00",
    mode: "online",
    coHost: {
      en: "Embassy of Brazil in China; State of Mato Grosso (Brazil)",
      "zh-CN": "巴西驻华大使馆；巴西马托格罗索州",
    },
    venue: null,
    languages: ["pt", "en", "zh"],
  },
  {
    course: "BRICS-NIC-101",
    start: "2021-05-25T09:00",
    end: "2021-05-27T17:00",
    mode: "offline",
    coHost: null,
    venue: { en: "BRICS Innovation Base, Xiamen", "zh-CN": "厦门金砖创新基地" },
    languages: ["zh", "en"],
  },
  {
    course: "XCVC-SC-103",
    start: "2021-08-05T20:00",
    end: "2021-08-05T23:00",
    mode: "online",
    coHost: { en: "Embassy of Brazil in China", "zh-CN": "巴西驻华大使馆" },
    venue: null,
    languages: ["pt", "en", "zh"],
  },
  {
    course: "XMU-DE-101",
    start: "2021-09-03T14:00",
    end: "2021-09-03T17:30",
    mode: "hybrid",
    coHost: null,
    venue: { en: "Xiamen University, Siming campus", "zh-CN": "厦门大学思明校区" },
    languages: ["zh", "en"],
  },
  {
    course: "HQU-LAW-101",
    start: "2021-09-16T15:00",
    end: "2021-09-16T17:30",
    mode: "online",
    coHost: null,
    venue: null,
    languages: ["en", "zh"],
  },
  {
    course: "HQU-LAW-102",
    start: "2021-10-27T09:00",
    end: "2021-10-27T12:00",
    mode: "hybrid",
    coHost: null,
    venue: { en: "Huaqiao University, Xiamen campus", "zh-CN": "华侨大学厦门校区" },
    languages: ["zh", "en"],
  },
];
