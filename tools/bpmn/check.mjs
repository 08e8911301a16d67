// check.mjs FILE.bpmn...: loads each file with bpmn.io's own parser
// (bpmn-moddle, the one bpmn-js and Camunda Modeler use) and prints one JSON
// line per file: {"file", "root", "warnings": [...], "elements": n, "di": n}.
// Exits 1 when a file fails to parse or the parser warns (unknown element,
// unresolved reference, bad attribute).
import { readFileSync } from 'node:fs';
import { BpmnModdle } from 'bpmn-moddle';

let bad = false;
for (const file of process.argv.slice(2)) {
  const out = { file, warnings: [] };
  try {
    const { rootElement, warnings, elementsById } = await new BpmnModdle().fromXML(readFileSync(file, 'utf8'));
    out.root = rootElement.$type;
    out.warnings = warnings.map((w) => w.message);
    const ids = Object.keys(elementsById);
    out.elements = ids.length;
    out.di = ids.filter((id) => elementsById[id].$type.startsWith('bpmndi:')).length;
  } catch (err) {
    out.error = String(err.message || err);
  }
  if (out.error || out.warnings.length) bad = true;
  console.log(JSON.stringify(out));
}
process.exit(bad ? 1 : 0);
