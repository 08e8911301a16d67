package main

import (
	"io"
	"os"
)

// writeOutput writes one output file of a command (workbook, diagram,
// event log, discovered map, the demo's inputs): every file a command
// writes goes through here. write gets the file; when it or closing the
// file fails, the partial file is removed and the error returned.
func writeOutput(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return err
	}
	return nil
}

// writeBytes is a writeOutput write function for content already in memory.
func writeBytes(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}
