import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type Plugin,
} from 'chart.js';

/** Only the chart.js parts the screens draw (bars, lines), registered once. */
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
  Filler,
);

/** The theme's colours, read from the CSS variables (app.css) so charts follow light and dark. */
export function themeColors() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    text2: v('--text-2'),
    grid: v('--border'),
    surface: v('--surface'),
    accent: v('--accent'),
    good: v('--good'),
    bad: v('--bad'),
    warn: v('--warn'),
    /** A soft second series (weighted next to unweighted). */
    accentSoft: v('--accent-soft'),
  };
}

/** Paints the card's colour under the chart, so an exported PNG is not transparent. */
export const paintBackground: Plugin = {
  id: 'paintBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = themeColors().surface;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export { Chart };
