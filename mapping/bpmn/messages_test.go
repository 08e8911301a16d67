package bpmn_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/mapping/bpmn"
)

// Every message names its element as file:elementId: with the exact BPMN
// id (and name): dangling references come alone, before what they would
// break; unnamed elements get readable names, with one warning.
func TestDecodeMessagesNameBPMNElements(t *testing.T) {
	const flows = `<bpmn:startEvent id="s"/><bpmn:task id="Task_check" name="Check"/><bpmn:task id="Task_pick_pack" name="Pick and pack"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="Task_check"/>`
	for _, c := range []struct {
		name, body string
		want       []string // every error and warning, in order
	}{
		{"dangling targetRefs come alone", `<bpmn:process id="P">` + flows + `
<bpmn:sequenceFlow id="Flow_x" sourceRef="Task_check" targetRef="Task_pik_pack"/>
<bpmn:sequenceFlow id="Flow_y" sourceRef="Task_pik_pack" targetRef="e"/>
<bpmn:sequenceFlow id="Flow_z" sourceRef="Task_pick_pack" targetRef="nowhere"/></bpmn:process>`, []string{
			`x.bpmn:Flow_x: targetRef "Task_pik_pack" names no element (did you mean "Task_pick_pack"?)`,
			`x.bpmn:Flow_y: sourceRef "Task_pik_pack" names no element (did you mean "Task_pick_pack"?)`,
			`x.bpmn:Flow_z: targetRef "nowhere" names no element`,
		}},
		{"dangling processRef, flowNodeRef, attachedToRef", `<bpmn:collaboration id="C"><bpmn:participant id="Pool_a" processRef="Proc_1"/></bpmn:collaboration>
<bpmn:process id="Proc_2"><bpmn:laneSet id="ls"><bpmn:lane id="Lane_a" name="Desk"><bpmn:flowNodeRef>Task_chek</bpmn:flowNodeRef></bpmn:lane></bpmn:laneSet>` + flows + `
<bpmn:boundaryEvent id="Timer" attachedToRef="Task_x"/></bpmn:process>`, []string{
			`x.bpmn:Pool_a: processRef "Proc_1" names no element (did you mean "Proc_2"?)`,
			`x.bpmn:Lane_a: flowNodeRef "Task_chek" names no element (did you mean "Task_check"?)`,
			`x.bpmn:Timer: attachedToRef "Task_x" names no element`,
		}},
		{"exact case of ids, unnamed lane and gateway", `<bpmn:process id="P"><bpmn:laneSet id="ls"><bpmn:lane id="sid-57E4FE0D-AA"><bpmn:flowNodeRef>Task_check</bpmn:flowNodeRef></bpmn:lane><bpmn:lane id="Lane_Idle" name="Idle"/></bpmn:laneSet>` + flows + `
<bpmn:exclusiveGateway id="sid-F0D29912-BB"/><bpmn:task id="sid-0C3A"/><bpmn:dataStoreReference id="DataStore_ERP" name="ERP"/>
<bpmn:sequenceFlow id="f1" sourceRef="Task_check" targetRef="sid-F0D29912-BB"/>
<bpmn:sequenceFlow id="f2" sourceRef="sid-F0D29912-BB" targetRef="Task_pick_pack"/>
<bpmn:sequenceFlow id="f3" sourceRef="sid-F0D29912-BB" targetRef="sid-0C3A"/>
<bpmn:sequenceFlow id="f4" sourceRef="sid-0C3A" targetRef="e"/><bpmn:sequenceFlow id="f5" sourceRef="Task_pick_pack" targetRef="e"/></bpmn:process>`, []string{
			`x.bpmn: warning: 3 elements have no name and were named by flowmap (sid-57E4FE0D-AA as "Lane 1", sid-0C3A as "Task 1", sid-F0D29912-BB as "Decision after Check"); name them in the modelling tool to choose the names`,
			`x.bpmn:Lane_Idle: warning: owner Lane_Idle "Idle" has no steps`,
			`x.bpmn:sid-F0D29912-BB: warning: step sid-F0D29912-BB: no branch probabilities given; assuming equal shares (0.5 each)`,
			`x.bpmn:DataStore_ERP: warning: system DataStore_ERP "ERP" is used by no step`,
		}},
		{"given names never repeat a name", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="t1" name="Task 1"/><bpmn:task id="u1"/>
<bpmn:exclusiveGateway id="g1"/><bpmn:exclusiveGateway id="g2"><bpmn:extensionElements><flowmap:step id="g2"/></bpmn:extensionElements></bpmn:exclusiveGateway><bpmn:task id="u2"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="t1"/><bpmn:sequenceFlow id="f1" sourceRef="t1" targetRef="g1"/>
<bpmn:sequenceFlow id="f2" sourceRef="g1" targetRef="u1"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f3" sourceRef="g1" targetRef="u2"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f6" sourceRef="t1" targetRef="g2"/>
<bpmn:sequenceFlow id="f4" sourceRef="u1" targetRef="e"/><bpmn:sequenceFlow id="f5" sourceRef="u2" targetRef="g2"/>
<bpmn:sequenceFlow id="f7" sourceRef="g2" targetRef="e"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f8" sourceRef="g2" targetRef="u1"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow></bpmn:process>`, []string{
			`x.bpmn: warning: 5 elements have no name and were named by flowmap (u1 as "Task 2", u2 as "Task 3", g1 as "Decision after Task 1", g2 as "Decision after Task 1 2", e as "End 1"); name them in the modelling tool to choose the names`,
			`x.bpmn:t1: task "Task 1" has 2 outgoing flows (sequence flow f1 to g1, sequence flow f6 to g2): an implicit parallel split (all of them are taken), which a map cannot express; route them through an exclusive gateway if only one is taken`,
		}},
		{"an unnamed pool without lanes", `<bpmn:collaboration id="C"><bpmn:participant id="Participant_0x1" processRef="Process_0x2"/></bpmn:collaboration>
<bpmn:process id="Process_0x2">` + flows + `<bpmn:sequenceFlow id="f1" sourceRef="Task_check" targetRef="Task_pick_pack"/><bpmn:sequenceFlow id="f2" sourceRef="Task_pick_pack" targetRef="e"/></bpmn:process>`, []string{
			`x.bpmn: warning: 1 element has no name and was named by flowmap (Participant_0x1 as "Pool 1"); name them in the modelling tool to choose the names`,
		}},
		{"an unnamed end beside other ways", `<bpmn:process id="P"><bpmn:startEvent id="s"/><bpmn:task id="a" name="Check"/><bpmn:task id="b" name="Fix"/>
<bpmn:exclusiveGateway id="g" name="OK?"/><bpmn:endEvent id="sid-E1"/><bpmn:endEvent id="e2"/>
<bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="a"/><bpmn:sequenceFlow id="f1" sourceRef="a" targetRef="g"/>
<bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="sid-E1"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f3" sourceRef="g" targetRef="b"><bpmn:extensionElements><flowmap:branch p="0.5"/></bpmn:extensionElements></bpmn:sequenceFlow>
<bpmn:sequenceFlow id="f4" sourceRef="b" targetRef="e2"/></bpmn:process>`, []string{
			`x.bpmn: warning: 1 element has no name and was named by flowmap (sid-E1 as "End 1"); name them in the modelling tool to choose the names`,
		}},
		{"stale diagram and incoming references are warnings", `<bpmn:process id="P">` + flows + `
<bpmn:sequenceFlow id="f1" sourceRef="Task_check" targetRef="e"><bpmn:incoming>Flow_gone</bpmn:incoming></bpmn:sequenceFlow></bpmn:process>
<bpmndi:BPMNDiagram id="D" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"><bpmndi:BPMNPlane id="Plane" bpmnElement="P">
<bpmndi:BPMNShape id="Shape_old" bpmnElement="Task_chek"/></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`, []string{
			`x.bpmn:f1: warning: incoming "Flow_gone" names no element; ignored`,
			`x.bpmn:Shape_old: warning: bpmnElement "Task_chek" names no element (did you mean "Task_check"?); ignored`,
			`x.bpmn:Task_pick_pack: step Task_pick_pack "Pick and pack" is unreachable: no path from a start step leads to it`,
		}},
		{"boundary event names itself and its host", `<bpmn:process id="P">` + flows + `<bpmn:userTask id="Task_wait" name="Wait for stock"/>
<bpmn:boundaryEvent id="Event_late" name="Too late" attachedToRef="Task_wait"/><bpmn:boundaryEvent id="Event_2" attachedToRef="Task_check"/></bpmn:process>`, []string{
			`x.bpmn:Event_late: boundary event Event_late "Too late" on userTask Task_wait "Wait for stock": a map cannot interrupt a step or branch off while it runs`,
			`x.bpmn:Event_2: boundary event Event_2 on task Task_check "Check": a map cannot interrupt a step or branch off while it runs`,
		}},
		{"validation and extension errors at file:elementId:", `<bpmn:process id="P">` + flows + `
<bpmn:sequenceFlow id="f1" sourceRef="Task_check" targetRef="e"/><bpmn:task id="Task_Orphan" name="Orphan"><bpmn:extensionElements>
<flowmap:step capacity="x"/></bpmn:extensionElements></bpmn:task><bpmn:sequenceFlow id="f2" sourceRef="Task_Orphan" targetRef="e"/></bpmn:process>`, []string{
			`x.bpmn:Task_Orphan: flowmap:step capacity: expected a whole number from 0 to 10000, found "x"`,
		}},
		{"unreachable step by BPMN id", `<bpmn:process id="P">` + flows + `
<bpmn:sequenceFlow id="f1" sourceRef="Task_check" targetRef="e"/><bpmn:task id="Task_Orphan" name="Orphan"/><bpmn:sequenceFlow id="f2" sourceRef="Task_Orphan" targetRef="e"/></bpmn:process>`, []string{
			`x.bpmn:Task_pick_pack: step Task_pick_pack "Pick and pack" is unreachable: no path from a start step leads to it`,
			`x.bpmn:Task_Orphan: step Task_Orphan "Orphan" is unreachable: no path from a start step leads to it`,
		}},
	} {
		_, warns, err := bpmn.Decode("x.bpmn", []byte(doc("bpmn", c.body)), bpmn.Options{})
		var got []string
		for _, w := range warns {
			got = append(got, w.Error())
		}
		var list mapping.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				got = append(got, e.Error())
			}
		} else if err != nil {
			got = append(got, "not a list: "+err.Error())
		}
		if g, w := strings.Join(got, "\n"), strings.Join(c.want, "\n"); g != w {
			t.Errorf("%s: messages\n%s\nwant\n%s", c.name, g, w)
		}
	}
}
