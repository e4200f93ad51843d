/**
 * Charts drawn as SVG on the server (d3-scale and d3-shape compute the geometry; React writes
 * the markup): they show without JavaScript and print. Each is an image with a title and a
 * description; the table beside it holds every figure as text.
 */
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { arc, line, pie } from "d3-shape";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { formatPercent } from "~/utils/format";

type Datum = { label: string; value: number };

const PALETTE = ["#0b5cad", "#b3261e", "#1b7a3d", "#8a5a00", "#6b3fa0", "#00707a", "#5c5c5c"];

function ChartFrame({
  title,
  description,
  width,
  height,
  children,
}: {
  title: string;
  description: string;
  width: number;
  height: number;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/** Horizontal bars, largest first (participant-times by country). */
export function BarChart({ title, data, format }: { title: string; data: Datum[]; format: (n: number) => string }) {
  const width = 640;
  const barHeight = 22;
  const labelWidth = 190;
  const height = Math.max(1, data.length) * barHeight + 10;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...data.map((d) => d.value))])
    .range([0, width - labelWidth - 70]);
  // Bands by position, so two bars with one label can never be drawn over each other.
  const y = scaleBand()
    .domain(data.map((_, index) => String(index)))
    .range([5, height - 5])
    .padding(0.2);
  const description = data.map((d) => `${d.label}: ${format(d.value)}`).join("; ");
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      {data.map((d, index) => (
        <g key={index} transform={`translate(0, ${y(String(index)) ?? 0})`}>
          <text x={labelWidth - 6} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" fontSize="12">
            {d.label}
          </text>
          <rect x={labelWidth} width={x(d.value)} height={y.bandwidth()} fill={PALETTE[0]} />
          <text x={labelWidth + x(d.value) + 4} y={y.bandwidth() / 2} dy="0.35em" fontSize="12">
            {format(d.value)}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}

/** A line over months (participant-times by month). */
export function TrendChart({ title, data, format }: { title: string; data: Datum[]; format: (n: number) => string }) {
  const width = 640;
  const height = 240;
  const margin = { top: 16, right: 16, bottom: 40, left: 56 };
  const x = scalePoint()
    .domain(data.map((d) => d.label))
    .range([margin.left, width - margin.right])
    .padding(0.5);
  const max = Math.max(1, ...data.map((d) => d.value));
  const y = scaleLinear()
    .domain([0, max])
    .nice()
    .range([height - margin.bottom, margin.top]);
  const path =
    line<Datum>()
      .x((d) => x(d.label) ?? 0)
      .y((d) => y(d.value))(data) ?? "";
  // Label every month when few, otherwise about eight of them.
  const step = Math.max(1, Math.ceil(data.length / 8));
  const description = data.map((d) => `${d.label}: ${format(d.value)}`).join("; ");
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      {y.ticks(4).map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#d0d5da" />
          <text x={margin.left - 6} y={y(tick)} dy="0.35em" textAnchor="end" fontSize="11">
            {format(tick)}
          </text>
        </g>
      ))}
      <path d={path} fill="none" stroke={PALETTE[0]} strokeWidth={2} />
      {data.map((d, i) => (
        <g key={d.label}>
          <circle cx={x(d.label)} cy={y(d.value)} r={3} fill={PALETTE[0]} />
          {i % step === 0 ? (
            <text x={x(d.label)} y={height - margin.bottom + 16} textAnchor="middle" fontSize="11">
              {d.label}
            </text>
          ) : null}
        </g>
      ))}
    </ChartFrame>
  );
}

/** Shares of a whole as a ring with a legend (participant-times by domain). */
export function ShareChart({ title, data, format }: { title: string; data: Datum[]; format: (n: number) => string }) {
  const width = 640;
  const height = 220;
  const radius = 90;
  const { i18n } = useTranslation();
  const total = data.reduce((sum, d) => sum + d.value, 0);
  // "45 %" in Russian, "45%" in English: the share is formatted in the reader's language.
  const legend = (d: Datum) =>
    `${d.label}: ${format(d.value)} (${formatPercent(total ? d.value / total : 0, i18n.language)})`;
  const slices = pie<Datum>()
    .value((d) => d.value)
    .sort(null)(data);
  const drawArc = arc<(typeof slices)[number]>()
    .innerRadius(radius * 0.55)
    .outerRadius(radius);
  const description = data.map(legend).join("; ");
  return (
    <ChartFrame title={title} description={description} width={width} height={height}>
      <g transform={`translate(${radius + 10}, ${height / 2})`}>
        {slices.map((slice, i) => (
          <path key={slice.data.label} d={drawArc(slice) ?? ""} fill={PALETTE[i % PALETTE.length]} />
        ))}
      </g>
      {data.map((d, i) => (
        <g key={d.label} transform={`translate(${2 * radius + 40}, ${20 + i * 26})`}>
          <rect width={14} height={14} fill={PALETTE[i % PALETTE.length]} />
          <text x={20} y={7} dy="0.35em" fontSize="12">
            {legend(d)}
          </text>
        </g>
      ))}
    </ChartFrame>
  );
}
