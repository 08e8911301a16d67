package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/flowmap/flowmap/render/workbook"
)

// needTools returns the paths of the programs, or skips the test when one
// is missing — but fails it when the CI environment variable is set: CI
// installs them (.ci/run), so a missing one there is a failure, never a
// silent pass.
func needTools(t *testing.T, names ...string) map[string]string {
	t.Helper()
	paths := map[string]string{}
	var missing []string
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err != nil {
			missing = append(missing, n)
			continue
		}
		paths[n] = p
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("%s not installed (apt-get install -y --no-install-recommends libreoffice-calc poppler-utils)", strings.Join(missing, ", "))
		if os.Getenv("CI") != "" {
			t.Fatalf("%s; CI is set, so this test fails instead of being skipped", msg)
		}
		t.Skip(msg + "; skipped here, a failure when CI is set")
	}
	return paths
}

// TestWorkbookPrintsToPDF prints the example's workbook through LibreOffice
// and reads the PDF back: page 1 is the decision (what to fix first, then
// the bottlenecks, then the key figures), the Summary takes the pages it is
// laid out on with each chart whole on one page, and no sheet is cut: every
// page of a table sheet starts with its whole header row.
func TestWorkbookPrintsToPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("prints through LibreOffice (seconds); not in -short")
	}
	tools := needTools(t, "soffice", "pdfinfo", "pdftotext")
	m, l := readInputs(t)
	r, err := Build(Options{Map: m, MapFile: "order-fulfillment.yaml", Log: l, Command: "flowmap report"})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "report.xlsx")
	out, err := os.Create(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.WriteWorkbook(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	home := filepath.Join(dir, "home")
	cmd := exec.CommandContext(ctx, tools["soffice"], "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
		"--headless", "--convert-to", "pdf", "--outdir", dir, xlsx)
	cmd.Env = append(os.Environ(), "HOME="+home)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	pdf := filepath.Join(dir, "report.pdf")
	info, err := exec.Command(tools["pdfinfo"], pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	mm := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
	if mm == nil {
		t.Fatalf("pdfinfo gives no page count:\n%s", info)
	}
	pages, _ := strconv.Atoi(string(mm[1]))
	if pages < 2 {
		t.Fatalf("the PDF has %d pages", pages)
	}

	// Each page's text, and its sheet from the footer ("Summary ... Page 3
	// of 14").
	footer := regexp.MustCompile(`(?m)^\s*(\S.*?)\s{2,}Page (\d+) of (\d+)\s*$`)
	texts := make([]string, pages+1)
	sheetOf := make([]string, pages+1)
	pagesOf := map[string][]int{}
	for i := 1; i <= pages; i++ {
		b, err := exec.Command(tools["pdftotext"], "-layout", "-f", strconv.Itoa(i), "-l", strconv.Itoa(i), pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext page %d: %v", i, err)
		}
		texts[i] = string(b)
		f := footer.FindStringSubmatch(texts[i])
		if f == nil || f[2] != strconv.Itoa(i) || f[3] != strconv.Itoa(pages) {
			t.Fatalf("page %d has no footer naming its sheet and page %d of %d:\n%s", i, i, pages, texts[i])
		}
		sheetOf[i] = f[1]
		pagesOf[f[1]] = append(pagesOf[f[1]], i)
	}
	t.Logf("%d pages: %v", pages, pagesOf)

	// Page 1: the decision, in the order a manager reads it, and no chart.
	p1 := texts[1]
	if sheetOf[1] != workbook.SheetSummary {
		t.Fatalf("page 1 is %q, want the Summary", sheetOf[1])
	}
	last := -1
	for _, w := range []string{"What to fix first", "1. Cases wait on average 8.9 h per case that reaches it (8.8 h per case overall) before Pick and pack (Picked), 72% of it outside Warehouse team", "The three worst bottlenecks", "1. Pick and pack (Picked)", "72% closed hours", "Key figures", "Cycle time, median"} {
		i := strings.Index(p1, w)
		if i < 0 {
			t.Errorf("page 1 lacks %q:\n%s", w, p1)
			continue
		}
		if i < last {
			t.Errorf("page 1: %q comes before what precedes it in the reading order", w)
		}
		last = i
	}
	for _, w := range []string{"Average wait per case overall", "Causes of waiting by step", "Cases waiting over time"} {
		if strings.Contains(p1, w) {
			t.Errorf("page 1 holds the chart %q", w)
		}
	}
	// Durations read as durations, not as [h]:mm:ss.
	for _, w := range []string{"1.7 d", "3.4 d", "36 min"} {
		if !strings.Contains(p1, w) {
			t.Errorf("page 1 lacks the duration %q", w)
		}
	}

	// The Summary: page 1, the two wait charts, the queue chart, the
	// swimlane diagram (a slide-shaped picture, on a page of its own at
	// the page's width); each chart whole on its page (title, categories,
	// legend).
	sum := pagesOf[workbook.SheetSummary]
	if len(sum) != 4 {
		t.Errorf("the Summary prints on pages %v, want 4 pages", sum)
	} else {
		for page, words := range map[int][]string{
			sum[1]: {"Where cases wait, and why", "Average wait per case overall", "Order received", "Causes of waiting by step", "Batching", "Contention", "Extraneous"},
			sum[2]: {"Cases waiting over time (worst bottlenecks)", "Review started"},
			sum[3]: {"The process as measured"},
		} {
			for _, w := range words {
				if !strings.Contains(texts[page], w) {
					t.Errorf("Summary page %d lacks %q: a chart is cut or misplaced:\n%s", page, w, texts[page])
				}
			}
		}
	}
	for i := range sum {
		if sum[i] != i+1 {
			t.Errorf("the Summary's pages %v are not the first ones", sum)
			break
		}
	}

	// Table sheets: every page begins with the whole header row (printed
	// one page wide, the header repeated), so no column is cut off.
	f, err := excelize.OpenFile(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range f.GetSheetList() {
		if len(pagesOf[sh]) == 0 {
			t.Errorf("sheet %s is not printed", sh)
			continue
		}
		if sh == workbook.SheetSummary || sh == workbook.SheetHandoffs {
			continue // not tables
		}
		rows, err := f.GetRows(sh)
		if err != nil || len(rows) == 0 {
			t.Fatalf("%s: %v", sh, err)
		}
		for _, page := range pagesOf[sh] {
			head := strings.Join(strings.Fields(topLines(texts[page], 8)), " ")
			for _, h := range rows[0] {
				for _, w := range strings.Fields(h) {
					if !strings.Contains(head, w) {
						t.Errorf("%s, page %d: the header %q is not at the top of the page:\n%s", sh, page, h, topLines(texts[page], 8))
					}
				}
			}
		}
	}
	// A sheet's pages follow each other, in the order of the sheets.
	prev := 0
	for _, sh := range f.GetSheetList() {
		for _, p := range pagesOf[sh] {
			if p != prev+1 {
				t.Errorf("page %d (%s) follows page %d", p, sh, prev)
			}
			prev = p
		}
	}
	// Wide sheets print landscape.
	sizes, err := exec.Command(tools["pdfinfo"], "-f", "1", "-l", strconv.Itoa(pages), pdf).Output()
	if err != nil {
		t.Fatal(err)
	}
	size := regexp.MustCompile(`(?m)^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)`)
	for _, s := range size.FindAllStringSubmatch(string(sizes), -1) {
		p, _ := strconv.Atoi(s[1])
		w, _ := strconv.ParseFloat(s[2], 64)
		h, _ := strconv.ParseFloat(s[3], 64)
		if sh := sheetOf[p]; (sh == workbook.SheetSummary || sh == workbook.SheetCauses) && w <= h {
			t.Errorf("page %d (%s) is portrait, %.0f × %.0f", p, sh, w, h)
		}
	}
}

// topLines is the first n lines of a page that hold text.
func topLines(s string, n int) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
			if len(out) == n {
				break
			}
		}
	}
	return strings.Join(out, "\n")
}
