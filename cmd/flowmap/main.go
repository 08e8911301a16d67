// Command flowmap maps business processes and finds their bottlenecks.
package main

import "os"

func main() {
	limitMemoryToMachine()
	os.Exit(Main(os.Args[1:], Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}))
}
