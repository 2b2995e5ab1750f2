// The answer beside GraphiQL's JSON: a sortable table, a bar chart when the table compares
// figures across named rows, and the table as CSV or XLSX. DOM only; the logic is in the pure
// modules next to it.
import { formatCell, compareCells } from './cell-format.js';
import { chartData } from './chart-data.js';
import { tableToCsv } from './csv-export.js';
import { fillWorkbook } from './xlsx-export.js';

const PALETTE = ['#1f5fa8', '#d9822b', '#2e8b57', '#b03a48', '#7a5ea8', '#3c9bb3', '#8a7f3a', '#6b7785'];

/** exceljs's browser build (≈0.9 MB) is fetched on the first XLSX export only. */
let excel;
function loadExcel() {
  excel ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/playground/exceljs.js';
    script.onload = () => resolve(window.ExcelJS);
    script.onerror = () => reject(new Error('не удалось загрузить exceljs'));
    document.head.append(script);
  });
  return excel;
}

function download(blob, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

const element = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

export class ResultsView {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    this.tables = [];
    this.meta = { title: '', dataDate: '' };
    this.current = 0;
    this.sort = null;
    this.view = 'table';
    this.chart = null;
  }

  clear() {
    this.chart?.destroy();
    this.chart = null;
    this.container.hidden = true;
    this.container.replaceChildren();
  }

  showProblem(text) {
    this.clear();
    this.container.hidden = false;
    this.container.append(element('p', { className: 'problem', textContent: text }));
  }

  show(tables, meta) {
    this.tables = tables;
    this.meta = meta;
    this.current = 0;
    this.sort = null;
    this.draw();
  }

  /** The table as shown: rows in the order the analyst sorted them. */
  shownTable() {
    const table = this.tables[this.current];
    if (!this.sort) return table;
    const column = table.columns.find((c) => c.id === this.sort.id);
    const rows = [...table.rows].sort((a, b) =>
      compareCells(column, a[column.id], b[column.id], this.sort.direction),
    );
    return { ...table, rows };
  }

  fileName(extension) {
    const day = new Date().toLocaleDateString('ru-RU');
    return `${this.meta.title} ${day}.${extension}`.replace(/[\\/:*?"<>|]/g, ' ');
  }

  draw() {
    this.chart?.destroy();
    this.chart = null;
    this.container.hidden = false;
    if (this.tables.length === 0) {
      this.container.replaceChildren(
        element('p', { className: 'problem', textContent: 'В ответе нет данных для таблицы' }),
      );
      return;
    }
    const table = this.shownTable();
    const chart = chartData(table);
    if (!chart && this.view === 'chart') this.view = 'table';

    const tab = (view, text, disabled) =>
      element('button', {
        type: 'button',
        className: `tab${this.view === view ? ' active' : ''}`,
        textContent: text,
        disabled,
        title: disabled ? 'Диаграмма строится, когда в таблице есть названия и числа' : '',
        onclick: () => {
          this.view = view;
          this.draw();
        },
      });
    const picker =
      this.tables.length > 1
        ? element(
            'select',
            {
              id: 'results-table',
              onchange: (event) => {
                this.current = Number(event.target.value);
                this.sort = null;
                this.draw();
              },
            },
            ...this.tables.map(
              (t, i) => new Option(t.title || `Таблица ${i + 1}`, String(i), false, i === this.current),
            ),
          )
        : null;
    const bar = element(
      'div',
      { className: 'results-bar' },
      tab('table', 'Таблица', false),
      tab('chart', 'Диаграмма', !chart),
      picker,
      element('span', {
        className: 'meta',
        textContent: `${this.meta.title} · ${this.meta.dataDate} · строк: ${table.rows.length}`,
      }),
      element('button', {
        type: 'button',
        id: 'export-csv',
        textContent: 'Скачать CSV',
        onclick: () => this.exportCsv(),
      }),
      element('button', {
        type: 'button',
        id: 'export-xlsx',
        textContent: 'Скачать XLSX',
        onclick: () => void this.exportXlsx(),
      }),
      element('button', {
        type: 'button',
        className: 'expand',
        textContent: document.body.classList.contains('results-expanded') ? 'Свернуть' : 'Во весь экран',
        onclick: () => {
          document.body.classList.toggle('results-expanded');
          this.draw();
        },
      }),
    );
    const context = table.context.length
      ? element(
          'dl',
          { className: 'context' },
          ...table.context.flatMap((line) => [
            element('dt', { textContent: line.header }),
            element('dd', { textContent: formatCell(line.column, line.value) }),
          ]),
        )
      : null;
    const body = this.view === 'chart' && chart ? this.chartView(chart) : this.tableView(table);
    this.container.replaceChildren(bar, context ?? '', body);
    if (this.view === 'chart' && chart) this.drawChart(chart);
  }

  tableView(table) {
    const head = element(
      'tr',
      {},
      ...table.columns.map((column) => {
        const sorted = this.sort?.id === column.id ? this.sort.direction : 0;
        return element(
          'th',
          {
            className: column.kind === 'number' ? 'num' : '',
            ariaSort: sorted === 1 ? 'ascending' : sorted === -1 ? 'descending' : 'none',
          },
          element('button', {
            type: 'button',
            textContent: `${column.header}${sorted === 1 ? ' ▲' : sorted === -1 ? ' ▼' : ''}`,
            onclick: () => {
              this.sort = { id: column.id, direction: sorted === 1 ? -1 : 1 };
              this.draw();
            },
          }),
        );
      }),
    );
    const rows = table.rows.map((row) =>
      element(
        'tr',
        {},
        ...table.columns.map((column) =>
          element('td', {
            className: column.kind === 'number' ? 'num' : '',
            textContent: formatCell(column, row[column.id]),
          }),
        ),
      ),
    );
    return element(
      'div',
      { className: 'table-wrap' },
      element('table', { className: 'answer' }, element('thead', {}, head), element('tbody', {}, ...rows)),
    );
  }

  chartView(chart) {
    this.seriesChoice ??= 'all';
    const choice = element(
      'select',
      {
        id: 'chart-series',
        onchange: (event) => {
          this.seriesChoice = event.target.value;
          this.draw();
        },
      },
      new Option('Все показатели', 'all', false, this.seriesChoice === 'all'),
      ...chart.series.map(
        (s) => new Option(s.column.header, s.column.id, false, this.seriesChoice === s.column.id),
      ),
    );
    const shown = chart.series.filter(
      (s) => this.seriesChoice === 'all' || s.column.id === this.seriesChoice,
    );
    // Bars run sideways: Russian district names are long and read best as rows.
    const height = Math.max(320, chart.labels.length * (shown.length * 12 + 14) + 120);
    const canvas = element('canvas', { id: 'chart-canvas' });
    return element(
      'div',
      { className: 'chart-wrap' },
      element('label', {}, 'Показатель ', choice),
      element('div', { className: 'chart-box', style: `height:${height}px` }, canvas),
    );
  }

  drawChart(chart) {
    const shown = chart.series.filter(
      (s) => this.seriesChoice === 'all' || s.column.id === this.seriesChoice,
    );
    const canvas = this.container.querySelector('#chart-canvas');
    const values = shown.flatMap((s) => s.values).filter((v) => v !== null);
    const wholeNumbers = values.every((v) => Number.isInteger(v));
    const largest = Math.max(0, ...values);
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: {
        labels: chart.labels,
        datasets: shown.map((s, i) => ({
          label: s.column.header,
          data: s.values,
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        indexAxis: 'y',
        locale: 'ru-RU',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: [this.meta.title, this.meta.dataDate], font: { size: 15 } },
          legend: { position: 'top' },
        },
        scales: {
          x: {
            beginAtZero: true,
            // Counts of schools: whole-number ticks, never 0,1.
            ticks: {
              precision: wholeNumbers ? 0 : undefined,
              stepSize: wholeNumbers && largest <= 10 ? 1 : undefined,
            },
            title: { display: true, text: shown.length === 1 ? shown[0].column.header : 'Значение' },
          },
          y: { title: { display: true, text: chart.labelColumn.header } },
        },
      },
    });
  }

  exportCsv() {
    const csv = tableToCsv(this.shownTable(), this.meta);
    download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), this.fileName('csv'));
  }

  async exportXlsx() {
    const ExcelJS = await loadExcel();
    const workbook = new ExcelJS.Workbook();
    fillWorkbook(workbook, this.shownTable(), this.meta);
    const buffer = await workbook.xlsx.writeBuffer();
    download(
      new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
      this.fileName('xlsx'),
    );
  }
}
