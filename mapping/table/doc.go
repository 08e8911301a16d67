// Package table reads and writes the workshop table: the spreadsheet a
// consultant fills in live during a mapping workshop, one row per step.
//
// The main sheet ("Workshop", else the first sheet) has a header row with
// the columns Step, Action, Owner, System, Duration, Next, SLA and Automated
// (Step, Action and Owner are required; the others may be left out), and
// optionally Owner capacity, External and Decision. Rows above the header
// are free text (a title, instructions), except a row whose first cell is
// "Process", "Unit" or "SLA": its second cell names the process, says what
// one case is in the singular ("order", as a YAML map's unit:) or gives the
// target time of a whole case. A CSV file and a workbook's main sheet are
// read alike. Each row below is a step:
//
//   - Step: its number (1, 2, 3…; unique, not necessarily in order);
//   - Action: what happens, in words; the step's id is derived from it;
//     an action ending in "?" is a decision;
//   - Owner and System: names; owners and systems are created from them,
//     ids derived from the names. When the Owners (or Systems) sheet lists
//     names, a step must use one of them: the sheet feeds the drop-down
//     lists and gives the order of the lanes, Capacity and External;
//   - Duration: work time in flowmap's duration syntax (90s, 10m, 1.5h, 2d)
//     or a distribution: tri(5m, 12m, 40m), uniform(1h, 8h), exp(10m),
//     lognormal(6m, 3m), normal(…), gamma(…);
//   - Next: empty = the step on the following row (none after the last
//     row); "end" = the case ends here; "3 (85%), 8 (15%)" = branches to
//     steps 3 and 8 with their shares, which must add up to 100%; a branch
//     may carry a label: "3 (85%, in stock)";
//   - SLA: the step's target time; Automated: yes or no (empty = no);
//   - Decision: yes or no; empty = an Action ending in "?" is a decision;
//   - Owner capacity (or Capacity) and External (or Owner external): what
//     the Owners sheet gives an owner, for a table without one: a CSV file
//     keeps one sheet only, so a workbook saved as CSV loses its Owners
//     sheet. The value may be written on any row of the owner (empty cells
//     give nothing); a different value on another row, or on the Owners
//     sheet, is an error at its cell ("workshop.csv:E5: …"). A table with
//     neither an Owners sheet nor these columns reads with one warning that
//     its owners get no capacity and are not marked external.
//
// Other columns (notes) and rows with text only there are not read, each
// with a warning, so nothing written in the table is lost unnoticed.
//
// The first row's step is where cases enter. Problems are reported all at
// once (the checks of the whole map, such as steps no path reaches, follow
// once the cells are right), each at its cell: "workshop.xlsx:Workshop!C7: message" in a workbook,
// "workshop.csv:C7: message" in a CSV file (column letter and record
// number, as a spreadsheet application shows the file), with the same "did
// you mean" hints as a YAML map.
//
// Importing the package registers ".xlsx" and ".csv" with
// mapping.RegisterFormat, so every command that reads a map reads a
// workshop table. Template writes the blank workshop workbook, filled with
// the seed example.
package table
