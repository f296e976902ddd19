'use strict';
// Percentiles for the benchmark (nearest rank), kept dependency-free so the harness runs as plain Node.
function summarize(values) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p) => (s.length ? s[Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length))) - 1] : 0);
  return { count: s.length, p50: at(50), p95: at(95), p99: at(99), max: s.length ? s[s.length - 1] : 0 };
}

const ratio = (a, b) => (b ? a / b : 0);

module.exports = { summarize, ratio };
