package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/flowmap/flowmap/render/diagram"
	"github.com/flowmap/flowmap/render/swimlane"
)

// diagramFlags are the drawing flags of the commands that draw the measured
// process (analyze, report): --direction and --top-edges.
type diagramFlags struct {
	Direction string
	TopEdges  int
}

func (d *diagramFlags) register(f *pflag.FlagSet) {
	f.StringVar(&d.Direction, "direction", "right", "swimlanes as rows read left to right (right) or as columns read top-down (down)")
	f.IntVar(&d.TopEdges, "top-edges", 0, "draw only the N most travelled edges of the measured process (0 = with --map all the map's edges and up to 60 moves it lacks; without a map the 40 most travelled)")
}

// check validates the flags and returns the direction.
func (d *diagramFlags) check() (swimlane.Direction, error) {
	if d.TopEdges < 0 {
		return "", usageError{err: fmt.Errorf("--top-edges must be 0 (all) or more, not %d", d.TopEdges)}
	}
	dir, err := diagram.ParseDirection(d.Direction)
	if err != nil {
		return "", usageError{err: err}
	}
	return dir, nil
}
