package main

import (
	"fmt"

	"github.com/flowmap/flowmap/render/workbook"
)

// simulationForReport runs a scenario for the workbook's Simulation sheet.
func simulationForReport(path string, sets []string, s Streams) (*workbook.Simulation, error) {
	return nil, fmt.Errorf("%s: simulation is not available in this build yet", path)
}
