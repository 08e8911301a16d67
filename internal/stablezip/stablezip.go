// Package stablezip rewrites an .xlsx file so that the same workbook gives
// the same bytes on every run.
package stablezip

import (
	"archive/zip"
	"bytes"
	"io"
	"regexp"
	"sort"
	"strings"
)

// Rewrite rewrites the .xlsx excelize wrote so that the same workbook
// gives the same bytes on every run: excelize stores the parts, and the
// entries of [Content_Types].xml, in the random order of Go's maps.
// [Content_Types].xml comes first (as Office writes it), then the package
// relationships, then every other part by name; the content types are
// sorted by extension and part name. Times are excelize's fixed 1980 date.
func Rewrite(src []byte, w io.Writer) error {
	r, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), r.File...)
	rank := func(name string) int {
		switch name {
		case "[Content_Types].xml":
			return 0
		case "_rels/.rels":
			return 1
		}
		return 2
	}
	sort.SliceStable(files, func(i, j int) bool {
		a, b := files[i].Name, files[j].Name
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return a < b
	})
	zw := zip.NewWriter(w)
	for _, f := range files {
		rc, err := f.Open()
		if err != nil {
			return err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if f.Name == "[Content_Types].xml" {
			body = sortContentTypes(body)
		}
		hdr := f.FileHeader // name, method and excelize's fixed date; the writer recomputes sizes and CRC
		out, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		if _, err := out.Write(body); err != nil {
			return err
		}
	}
	return zw.Close()
}

var contentTypeEntry = regexp.MustCompile(`<(Default|Override)\s[^>]*?(/>|></(?:Default|Override)>)`)

// sortContentTypes orders the Default entries, then the Override entries,
// each by their text (Extension="…" or PartName="…" leads).
func sortContentTypes(x []byte) []byte {
	locs := contentTypeEntry.FindAllIndex(x, -1)
	if len(locs) < 2 {
		return x
	}
	// The entries are one contiguous run inside <Types>; anything between
	// them (there is nothing in excelize's output) would be kept in place.
	var entries []string
	for _, l := range locs {
		entries = append(entries, string(x[l[0]:l[1]]))
	}
	sort.SliceStable(entries, func(i, j int) bool {
		di, dj := strings.HasPrefix(entries[i], "<Default"), strings.HasPrefix(entries[j], "<Default")
		if di != dj {
			return di
		}
		return entries[i] < entries[j]
	})
	var b bytes.Buffer
	b.Write(x[:locs[0][0]])
	for i, e := range entries {
		if i > 0 {
			b.Write(x[locs[i-1][1]:locs[i][0]])
		}
		b.WriteString(e)
	}
	b.Write(x[locs[len(locs)-1][1]:])
	return b.Bytes()
}
