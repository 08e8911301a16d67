#!/usr/bin/env bash
# screenshot.sh IN.bpmn OUT.png [WIDTHxHEIGHT]
#
# Opens a BPMN file in bpmn.io's own viewer (bpmn-js's prebuilt bundle from
# npm, node_modules here: run `npm ci` first) in headless Chromium (Debian
# package chromium) and writes what it shows as a PNG. The page's title
# tells whether the import worked: the script fails when bpmn-js reports an
# error, and prints its warnings.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
in=$1 out=$2 size=${3:-1600x900}
viewer=$here/node_modules/bpmn-js/dist/bpmn-viewer.production.min.js
[[ -f $viewer ]] || { echo "screenshot.sh: $viewer missing; run npm ci in $here" >&2; exit 2; }
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n $browser ]] || { echo "screenshot.sh: chromium missing; apt-get install -y chromium" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node -e '
const fs = require("fs");
const [viewer, bpmn, html] = process.argv.slice(1);
fs.writeFileSync(html, `<!doctype html><html><head><meta charset="utf-8"><title>loading</title>
<style>html,body,#canvas{margin:0;width:100%;height:100%;background:#fff}</style></head>
<body><div id="canvas"></div>
<script>${fs.readFileSync(viewer, "utf8")}</script>
<script>
const xml = ${JSON.stringify(fs.readFileSync(bpmn, "utf8"))};
const viewer = new BpmnJS({ container: "#canvas" });
viewer.importXML(xml).then(({ warnings }) => {
  viewer.get("canvas").zoom("fit-viewport", "auto");
  document.title = "ok " + warnings.length + " warnings: " + warnings.map((w) => w.message).join("; ");
}).catch((err) => { document.title = "error: " + err.message; });
</script></body></html>`);
' "$viewer" "$in" "$work/view.html"
w=${size%x*} h=${size#*x}
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile"
	--window-size="$w,$h" --virtual-time-budget=10000)
title=$("$browser" "${flags[@]}" --dump-dom "file://$work/view.html" 2>/dev/null | sed -n 's:.*<title>\(.*\)</title>.*:\1:p')
echo "bpmn-js: $title"
"$browser" "${flags[@]}" --screenshot="$out" "file://$work/view.html" 2>/dev/null
[[ $title == "ok 0 warnings"* ]] || { echo "screenshot.sh: bpmn-js did not import $in cleanly" >&2; exit 1; }
echo "wrote $out"
