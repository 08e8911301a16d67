package bpmn_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/bpmn"
)

// doc wraps a process body in definitions, with the model namespace bound
// to prefix ("" = the default namespace); elements in body are written
// with "X:", replaced by the prefix.
func doc(prefix, body string) string {
	p, decl := prefix+":", ` xmlns:`+prefix+`="http://www.omg.org/spec/BPMN/20100524/MODEL"`
	if prefix == "" {
		p, decl = "", ` xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"`
	}
	body = strings.ReplaceAll(body, "X:", p)
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n<" + p + "definitions" + decl +
		` xmlns:flowmap="urn:flowmap:bpmn:1" id="d" targetNamespace="t">` + body + "</" + p + "definitions>\n"
}

const simple = `
<X:process id="P" name="Claims">
  <X:laneSet id="ls">
    <X:lane id="L1" name="Office">
      <X:childLaneSet id="cls">
        <X:lane id="L1a" name="Front desk"><X:flowNodeRef>s</X:flowNodeRef><X:flowNodeRef>t1</X:flowNodeRef><X:flowNodeRef>g</X:flowNodeRef></X:lane>
        <X:lane id="L1b" name="Back office"><X:flowNodeRef>t2</X:flowNodeRef><X:flowNodeRef>sp</X:flowNodeRef><X:flowNodeRef>wait</X:flowNodeRef></X:lane>
      </X:childLaneSet>
    </X:lane>
    <X:lane id="L2" name="IT"><X:flowNodeRef>t3</X:flowNodeRef><X:flowNodeRef>e1</X:flowNodeRef><X:flowNodeRef>e2</X:flowNodeRef></X:lane>
  </X:laneSet>
  <X:startEvent id="s"/>
  <X:userTask id="t1" name="Register claim"/>
  <X:exclusiveGateway id="g" name="Complete?"/>
  <X:manualTask id="t2" name="Ask for papers"/>
  <X:subProcess id="sp" name="Assess"><X:startEvent id="inner"/><X:task id="deep"/></X:subProcess>
  <X:intermediateCatchEvent id="wait" name="Papers arrive"><X:messageEventDefinition/></X:intermediateCatchEvent>
  <X:scriptTask id="t3" name="Pay out"/>
  <X:endEvent id="e1" name="Paid"/>
  <X:endEvent id="e2" name="Rejected"/>
  <X:sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
  <X:sequenceFlow id="f2" sourceRef="t1" targetRef="g"/>
  <X:sequenceFlow id="f3" name="no" sourceRef="g" targetRef="t2"><X:extensionElements><flowmap:branch p="0.25"/></X:extensionElements></X:sequenceFlow>
  <X:sequenceFlow id="f4" name="yes" sourceRef="g" targetRef="sp"><X:extensionElements><flowmap:branch p="0.7"/></X:extensionElements></X:sequenceFlow>
  <X:sequenceFlow id="f4b" name="fraud" sourceRef="g" targetRef="e2"><X:extensionElements><flowmap:branch p="0.05"/></X:extensionElements></X:sequenceFlow>
  <X:sequenceFlow id="f5" sourceRef="t2" targetRef="wait"/>
  <X:sequenceFlow id="f6" sourceRef="wait" targetRef="t1"/>
  <X:sequenceFlow id="f7" sourceRef="sp" targetRef="t3"/>
  <X:sequenceFlow id="f8" sourceRef="t3" targetRef="e1"/>
</X:process>`

// The same model reads the same whatever prefix binds the BPMN namespace
// (ARIS semantic:, bpmn.io bpmn:, Signavio the default namespace).
func TestDecodeBindsNamespacesByURI(t *testing.T) {
	var first string
	for _, prefix := range []string{"bpmn", "semantic", "", "x2"} {
		m, _, err := bpmn.Decode("claims.bpmn", []byte(doc(prefix, simple)), bpmn.Options{})
		if err != nil {
			t.Fatalf("prefix %q: %v", prefix, err)
		}
		got := describe(m)
		if first == "" {
			first = got
		} else if got != first {
			t.Errorf("prefix %q reads\n%s\nprefix bpmn reads\n%s", prefix, got, first)
		}
	}
	want := `process Claims
owner office_front_desk "Office / Front desk"
owner office_back_office "Office / Back office"
owner it "IT"
step register_claim "Register claim" office_front_desk start=true auto=false decision=false -> complete [p=1 ""]
step complete "Complete?" office_front_desk start=false auto=true decision=true -> ask_for_papers [p=0.25 "no"] assess [p=0.7 "yes"] rejected [p=0.05 "fraud"]
step ask_for_papers "Ask for papers" office_back_office start=false auto=false decision=false -> papers_arrive [p=1 ""]
step assess "Assess" office_back_office start=false auto=false decision=false -> pay_out [p=1 ""]
step papers_arrive "Papers arrive" office_back_office start=false auto=true decision=false -> register_claim [p=1 ""]
step pay_out "Pay out" it start=false auto=true decision=false
step rejected "Rejected" it start=false auto=true decision=false
`
	if first != want {
		t.Errorf("read\n%s\nwant\n%s", first, want)
	}
}

func describe(m *mapping.Map) string {
	var b strings.Builder
	fmt.Fprintf(&b, "process %s\n", m.Process)
	for _, o := range m.Owners {
		fmt.Fprintf(&b, "owner %s %q\n", o.ID, o.Name)
	}
	for _, s := range m.Steps {
		fmt.Fprintf(&b, "step %s %q %s start=%v auto=%v decision=%v", s.ID, s.Name, s.Owner, s.Start, s.Automated, s.Decision)
		if len(s.Next) > 0 {
			b.WriteString(" ->")
		}
		for _, e := range s.Next {
			fmt.Fprintf(&b, " %s [p=%v %q]", e.To, e.P, e.Label)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// An expanded sub-process (drawn with isExpanded="true") is flattened into
// its steps; an event-based gateway is an equal-share decision, with a
// warning.
func TestDecodeExpandedSubProcessAndEventGateway(t *testing.T) {
	src := doc("bpmn", `
<bpmn:process id="P">
  <bpmn:startEvent id="s"/>
  <bpmn:subProcess id="sp" name="Check">
    <bpmn:startEvent id="is"/><bpmn:task id="a" name="Look"/><bpmn:endEvent id="ie"/>
    <bpmn:sequenceFlow id="i1" sourceRef="is" targetRef="a"/><bpmn:sequenceFlow id="i2" sourceRef="a" targetRef="ie"/>
  </bpmn:subProcess>
  <bpmn:eventBasedGateway id="eg" name="Reply?"/>
  <bpmn:intermediateCatchEvent id="msg" name="Reply"/>
  <bpmn:intermediateCatchEvent id="tmr" name="2 days"/>
  <bpmn:endEvent id="e"/>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sp"/>
  <bpmn:sequenceFlow id="f2" sourceRef="sp" targetRef="eg"/>
  <bpmn:sequenceFlow id="f3" sourceRef="eg" targetRef="msg"/>
  <bpmn:sequenceFlow id="f4" sourceRef="eg" targetRef="tmr"/>
  <bpmn:sequenceFlow id="f5" sourceRef="msg" targetRef="e"/>
  <bpmn:sequenceFlow id="f6" sourceRef="tmr" targetRef="e"/>
</bpmn:process>
<bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"><bpmndi:BPMNPlane>
  <bpmndi:BPMNShape bpmnElement="sp" isExpanded="true"/>
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`)
	m, warns, err := bpmn.Decode("x.bpmn", []byte(src), bpmn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `process Imported process
owner p "P"
step look "Look" p start=true auto=false decision=false -> reply [p=1 ""]
step reply "Reply?" p start=false auto=true decision=true -> reply_2 [p=0.5 ""] 2_days [p=0.5 ""]
step reply_2 "Reply" p start=false auto=true decision=false
step 2_days "2 days" p start=false auto=true decision=false
`
	if got := describe(m); got != want {
		t.Errorf("read\n%s\nwant\n%s", got, want)
	}
	all := fmt.Sprint(warns)
	for _, w := range []string{"x.bpmn:eg: warning: event-based gateway \"Reply?\": read as a decision with equal shares",
		"x.bpmn:eg: warning: step eg \"Reply?\": no branch probabilities given; assuming equal shares (0.5 each)"} {
		if !strings.Contains(all, w) {
			t.Errorf("warnings lack %q: %s", w, all)
		}
	}
}

// What a map cannot mean is refused as file:elementId: message, every
// problem at once; broken input gets a position.
func TestDecodeRefusals(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      []string
	}{
		{"implicit split", doc("bpmn", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="a" name="A"/><bpmn:task id="b"/><bpmn:task id="c"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"/><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="c"/></bpmn:process>`),
			[]string{`x.bpmn:a: task "A" has 2 outgoing flows (sequence flow f1 to b, sequence flow f2 to c): an implicit parallel split`}},
		{"conditional flows", doc("bpmn", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="a"/><bpmn:task id="b"/><bpmn:task id="c"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="b"><bpmn:conditionExpression>x</bpmn:conditionExpression></bpmn:sequenceFlow><bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="c"/></bpmn:process>`),
			[]string{`x.bpmn:a: task has 2 outgoing flows`, `conditional flows, an inclusive split`}},
		{"gateways and boundary", doc("bpmn", `<bpmn:process id="P"><bpmn:inclusiveGateway id="or" name="Any"/><bpmn:parallelGateway id="and"/><bpmn:userTask id="t" name="Pick"/><bpmn:boundaryEvent id="b" name="Timeout" attachedToRef="t"/></bpmn:process>`),
			[]string{`x.bpmn:or: inclusive gateway "Any": a map follows one path per case`, `x.bpmn:and: parallel gateway: a map follows`, `x.bpmn:b: boundary event b "Timeout" on userTask t "Pick": a map cannot interrupt a step`}},
		{"start with two flows", doc("", `<process id="P"><startEvent id="s"/><task id="a"/><task id="b"/>
<sequenceFlow id="f1" sourceRef="s" targetRef="a"/><sequenceFlow id="f2" sourceRef="s" targetRef="b"/></process>`),
			[]string{`x.bpmn:s: start event has 2 outgoing flows`}},
		{"bad extension", doc("bpmn", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="a"><bpmn:extensionElements>
<flowmap:step id="a" capacity="-3"><flowmap:duration dist="weibull"/></flowmap:step></bpmn:extensionElements></bpmn:task>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/></bpmn:process>`),
			[]string{`x.bpmn:a: flowmap:step capacity: expected a whole number from 0 to 10000, found "-3"`, `x.bpmn:a: flowmap:duration dist "weibull": expected one of constant,`}},
		{"not XML", "<definitions", []string{"x.bpmn:1:1: not well-formed XML"}},
		{"not BPMN", `<?xml version="1.0"?><definitions xmlns="http://example.com/other"/>`,
			[]string{"x.bpmn:1:22: not a BPMN 2.0 file: the root element is {http://example.com/other}definitions"}},
		{"no steps", doc("bpmn", `<bpmn:process id="P"><bpmn:startEvent id="s"/></bpmn:process>`), []string{"x.bpmn: no steps: the file has no task, sub-process, gateway or intermediate event to read as a step"}},
	} {
		_, _, err := bpmn.Decode("x.bpmn", []byte(c.src), bpmn.Options{})
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !errors.Is(err, mapping.ErrInvalid) {
			t.Errorf("%s: %v does not wrap mapping.ErrInvalid", c.name, err)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\nlacks %q", c.name, err, w)
			}
		}
	}
}

// Extra pools become owners and a message flow whose sender does nothing
// else afterwards hands the case over: from a message end event to the
// steps after the other pool's start event, and back to a task.
func TestDecodeMessageFlowsAreHandoffs(t *testing.T) {
	src := doc("bpmn", `
<bpmn:collaboration id="c">
  <bpmn:participant id="pc" name="Customer" processRef="PC"/>
  <bpmn:participant id="ps" name="Shop" processRef="PS"/>
  <bpmn:participant id="bank" name="Bank"/>
  <bpmn:messageFlow id="m1" name="order" sourceRef="sent" targetRef="got"/>
  <bpmn:messageFlow id="m2" sourceRef="ship" targetRef="receive"/>
  <bpmn:messageFlow id="m3" sourceRef="pay" targetRef="bank"/>
</bpmn:collaboration>
<bpmn:process id="PC">
  <bpmn:startEvent id="s"/><bpmn:sendTask id="order" name="Order"/><bpmn:endEvent id="sent"/>
  <bpmn:receiveTask id="receive" name="Receive parcel"/><bpmn:task id="pay" name="Pay"/><bpmn:endEvent id="e"/>
  <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="order"/><bpmn:sequenceFlow id="f2" sourceRef="order" targetRef="sent"/>
  <bpmn:sequenceFlow id="f3" sourceRef="receive" targetRef="pay"/><bpmn:sequenceFlow id="f4" sourceRef="pay" targetRef="e"/>
</bpmn:process>
<bpmn:process id="PS">
  <bpmn:startEvent id="got"/><bpmn:task id="ship" name="Ship"/>
  <bpmn:sequenceFlow id="g1" sourceRef="got" targetRef="ship"/>
</bpmn:process>`)
	m, warns, err := bpmn.Decode("x.bpmn", []byte(src), bpmn.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `process Customer
owner customer "Customer"
owner shop "Shop"
step order "Order" customer start=true auto=true decision=false -> ship [p=1 "order"]
step receive_parcel "Receive parcel" customer start=false auto=true decision=false -> pay [p=1 ""]
step pay "Pay" customer start=false auto=false decision=false
step ship "Ship" shop start=false auto=false decision=false -> receive_parcel [p=1 ""]
`
	if got := describe(m); got != want {
		t.Errorf("read\n%s\nwant\n%s", got, want)
	}
	if all := fmt.Sprint(warns); !strings.Contains(all, `x.bpmn:m3: warning: message flow from pay "Pay" to bank "Bank": the sender goes on in its own pool`) &&
		!strings.Contains(all, "x.bpmn:m3: warning: message flow from pay to bank: one end is a pool without steps") {
		t.Errorf("warnings lack the message flow to the bank: %s", all)
	}
}
