(() => {
  'use strict';
  // Sorting: click (or Enter on) a column header; numeric when every cell of the column is a number.
  const cellValue = (row, i) => {
    const cell = row.cells[i];
    return cell ? (cell.dataset.sort ?? cell.textContent.trim()) : '';
  };
  for (const table of document.querySelectorAll('table[data-sortable]')) {
    const heads = table.tHead ? [...table.tHead.rows[0].cells] : [];
    heads.forEach((th, i) => {
      th.tabIndex = 0;
      th.setAttribute('aria-sort', 'none');
      const sort = () => {
        const dir = th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending';
        for (const h of heads) h.setAttribute('aria-sort', 'none');
        th.setAttribute('aria-sort', dir);
        const body = table.tBodies[0];
        const rows = [...body.rows];
        const numeric = rows.every((r) => { const v = cellValue(r, i); return v === '' || !Number.isNaN(Number(v)); });
        rows.sort((a, b) => {
          const x = cellValue(a, i);
          const y = cellValue(b, i);
          const c = numeric ? (Number(x) || 0) - (Number(y) || 0) : x.localeCompare(y, undefined, { numeric: true, sensitivity: 'base' });
          return dir === 'ascending' ? c : -c;
        });
        body.append(...rows);
      };
      th.addEventListener('click', sort);
      th.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    });
  }
  // Filtering: every word typed must appear somewhere in the row.
  for (const box of document.querySelectorAll('.filter[data-for]')) {
    const table = document.getElementById(box.dataset.for);
    const input = box.querySelector('input');
    const count = box.querySelector('output');
    if (!table || !input) continue;
    box.hidden = false;
    const apply = () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      const rows = [...table.tBodies[0].rows];
      for (const row of rows) {
        const text = row.textContent.toLowerCase();
        row.hidden = !words.every((w) => text.includes(w));
        if (!row.hidden) shown++;
      }
      if (count) count.textContent = words.length ? `${shown} of ${rows.length} shown` : '';
    };
    input.addEventListener('input', apply);
  }
  // Printing shows everything: folded details open, filtered rows come back.
  window.addEventListener('beforeprint', () => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
})();
