package stablezip

import "testing"

func TestSortContentTypes(t *testing.T) {
	in := `<?xml version="1.0"?><Types x="y"><Override PartName="/b" ContentType="t"></Override><Default Extension="xml" ContentType="a"></Default><Override PartName="/a" ContentType="t"/><Default Extension="png" ContentType="b"></Default></Types>`
	want := `<?xml version="1.0"?><Types x="y"><Default Extension="png" ContentType="b"></Default><Default Extension="xml" ContentType="a"></Default><Override PartName="/a" ContentType="t"/><Override PartName="/b" ContentType="t"></Override></Types>`
	if got := string(sortContentTypes([]byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
