//go:build tools

package flowmap

import (
	_ "github.com/fogleman/gg"
	_ "github.com/goccy/go-graphviz"
	_ "github.com/goccy/go-yaml"
	_ "github.com/spf13/cobra"
	_ "github.com/xuri/excelize/v2"
	_ "golang.org/x/image/font/gofont/goregular"
	_ "gonum.org/v1/gonum/mat"
)
