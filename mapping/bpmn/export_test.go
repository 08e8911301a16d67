package bpmn

// ExampleMaps lets the external tests (package bpmn_test) use exampleMaps.
var ExampleMaps = exampleMaps
