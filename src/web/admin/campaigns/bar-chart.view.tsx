import type { ComponentChildren, VNode } from 'preact';
import { useMessages } from '../../views/messages-context.js';

/*
 * Bar charts drawn on the server as inline SVG: no chart library, no script, nothing
 * fetched. The SVG is an image with a title and a description that say what it shows;
 * the numbers themselves are in a table beside it, which screen readers (and text
 * browsers, which ignore the stylesheet) read instead of the bars.
 */

/** One bar: its label and its two stacked parts. */
export interface Bar {
  readonly label: string;
  readonly confirmed: number;
  readonly selfReported: number;
}

interface ChartProps {
  /** Prefix of the ids inside the chart, unique on the page. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The table's first column heading: "Day", "Country". */
  readonly keyHeading: string;
  readonly bars: readonly Bar[];
}

const total = (b: Bar) => b.confirmed + b.selfReported;

function DataTable(props: ChartProps & { rows: readonly Bar[] }): VNode {
  const m = useMessages();
  return (
    <table class="visually-hidden">
      <caption>{props.title}</caption>
      <thead>
        <tr>
          <th scope="col">{props.keyHeading}</th>
          <th scope="col">{m.t('admin.chart.confirmed')}</th>
          <th scope="col">{m.t('admin.chart.self-reported')}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((b) => (
          <tr>
            <th scope="row">{b.label}</th>
            <td>{m.number(b.confirmed)}</td>
            <td>{m.number(b.selfReported)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Frame(props: ChartProps & { width: number; height: number; children: ComponentChildren; tableRows?: readonly Bar[] }): VNode {
  const m = useMessages();
  return (
    <figure class="chart" id={props.id}>
      <svg
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
        viewBox={`0 0 ${props.width} ${props.height}`}
        width={props.width}
        height={props.height}
        preserveAspectRatio="xMinYMin meet"
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{props.description}</desc>
        {props.children}
      </svg>
      <DataTable {...props} rows={props.tableRows ?? props.bars} />
      <figcaption aria-hidden="true" class="chart-legend">
        <span class="key confirmed" /> {m.t('admin.chart.confirmed')} <span class="key self-reported" /> {m.t('admin.chart.self-reported')}
      </figcaption>
    </figure>
  );
}

/** Vertical stacked bars, one per period (a day), oldest on the left; every seventh labelled, counting back from the latest. */
export function ColumnChart(props: ChartProps): VNode {
  const width = 640;
  const height = 200;
  const left = 40;
  const bottom = 22;
  const plot = height - bottom - 8;
  const max = Math.max(1, ...props.bars.map(total));
  const m = useMessages();
  const right = 16;
  const step = (width - left - right) / Math.max(1, props.bars.length);
  const y = (n: number) => (n / max) * plot;
  const columns = props.bars.map((b, i) => {
    const x = left + i * step + 1;
    const w = Math.max(1, step - 2);
    const base = height - bottom;
    return (
      <g>
        <title>{m.t('admin.chart.bar', { label: b.label, confirmed: b.confirmed, selfReported: b.selfReported })}</title>
        <rect class="confirmed" x={x} y={base - y(b.confirmed)} width={w} height={y(b.confirmed)} />
        <rect class="self-reported" x={x} y={base - y(total(b))} width={w} height={y(b.selfReported)} />
        {(props.bars.length - 1 - i) % 7 === 0 ? (
          <text x={x + w / 2} y={height - 6} class="axis" text-anchor="middle">
            {b.label.slice(5)}
          </text>
        ) : null}
      </g>
    );
  });
  return (
    <Frame {...props} width={width} height={height}>
      <line class="axis-line" x1={left} y1={height - bottom} x2={width - right} y2={height - bottom} />
      <text class="axis" x={left - 6} y={height - bottom} text-anchor="end">
        0
      </text>
      <text class="axis" x={left - 6} y={height - bottom - plot + 10} text-anchor="end">
        {m.number(max)}
      </text>
      {columns}
    </Frame>
  );
}

/** Horizontal stacked bars, one per category (a country), the largest first; the table lists them all. */
export function RowChart(props: ChartProps & { limit: number }): VNode {
  const shown = props.bars.slice(0, props.limit);
  const width = 640;
  const labelWidth = 170;
  const rowHeight = 22;
  const height = Math.max(1, shown.length) * rowHeight + 6;
  const max = Math.max(1, ...shown.map(total));
  const x = (n: number) => (n / max) * (width - labelWidth - 60);
  const m = useMessages();
  const rows = shown.map((b, i) => {
    const top = 4 + i * rowHeight;
    return (
      <g>
        <title>{m.t('admin.chart.bar', { label: b.label, confirmed: b.confirmed, selfReported: b.selfReported })}</title>
        <text class="axis" x={labelWidth - 6} y={top + 14} text-anchor="end">
          {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
        </text>
        <rect class="confirmed" x={labelWidth} y={top} width={x(b.confirmed)} height={rowHeight - 6} />
        <rect class="self-reported" x={labelWidth + x(b.confirmed)} y={top} width={x(b.selfReported)} height={rowHeight - 6} />
        <text class="axis" x={labelWidth + x(total(b)) + 4} y={top + 14}>
          {m.number(total(b))}
        </text>
      </g>
    );
  });
  return (
    <Frame {...props} bars={shown} tableRows={props.bars} width={width} height={height}>
      {rows.length > 0
        ? rows
        : [
            <text class="axis" x={0} y={16}>
              {m.t('admin.chart.none')}
            </text>,
          ]}
    </Frame>
  );
}
