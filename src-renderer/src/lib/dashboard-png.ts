import { themeColors } from '../components/charts/chart-setup';

export interface DashboardPicture {
  title: string;
  /** The filter in words (its chips), or "No filter". */
  subtitle: string;
  kpis: { label: string; value: string }[];
  /** The charts' canvases, drawn as they are on screen. */
  charts: { title: string; canvas: HTMLCanvasElement }[];
}

/**
 * The whole dashboard as one PNG: title and filter, the KPI figures, then every chart in two
 * columns, in the theme's colours. Drawn from the charts' own canvases, so it is what the user sees.
 */
export async function dashboardPng(p: DashboardPicture): Promise<Blob | null> {
  const c = themeColors();
  const scale = 2;
  const pad = 24;
  const colW = 560;
  const chartH = 300;
  const width = pad * 3 + colW * 2;
  const rows = Math.ceil(p.charts.length / 2);
  const kpiH = 70;
  const height = pad + 60 + kpiH + pad + rows * (chartH + 40 + pad);
  const canvas = document.createElement('canvas');
  canvas.width = width * scale;
  canvas.height = height * scale;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.scale(scale, scale);
  ctx.fillStyle = c.surface;
  ctx.fillRect(0, 0, width, height);
  const font = (px: number, weight = 400) =>
    `${weight} ${px}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
  ctx.fillStyle = c.text;
  ctx.font = font(22, 650);
  ctx.fillText(p.title, pad, pad + 22);
  ctx.fillStyle = c.text2;
  ctx.font = font(13);
  ctx.fillText(p.subtitle, pad, pad + 46);
  const kw = (width - pad * 2) / Math.max(1, p.kpis.length);
  p.kpis.forEach((k, i) => {
    const x = pad + i * kw;
    ctx.fillStyle = c.text2;
    ctx.font = font(11, 600);
    ctx.fillText(k.label.toUpperCase(), x, pad + 80, kw - 8);
    ctx.fillStyle = c.text;
    ctx.font = font(20, 650);
    ctx.fillText(k.value, x, pad + 106, kw - 8);
  });
  p.charts.forEach((chart, i) => {
    const x = pad + (i % 2) * (colW + pad);
    const y = pad + 60 + kpiH + pad + Math.floor(i / 2) * (chartH + 40 + pad);
    ctx.fillStyle = c.text;
    ctx.font = font(15, 600);
    ctx.fillText(chart.title, x, y + 16);
    const ratio = Math.min(colW / chart.canvas.width, chartH / chart.canvas.height);
    ctx.drawImage(chart.canvas, x, y + 28, chart.canvas.width * ratio, chart.canvas.height * ratio);
  });
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}
