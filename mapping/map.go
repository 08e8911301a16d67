package mapping

import "time"

// Map is a process map: who does what, in which system, in which order.
type Map struct {
	File    string // file name used in messages
	Process string
	// Unit names what one case is, in the singular ("order", "ticket");
	// "" means "case". See Units.
	Unit string
	SLA  time.Duration // target cycle time for a whole case; 0 = none
	// Holidays are non-working days of every owner, as written in the map
	// (holidays: [2026-12-25, ...]); see ApplyHolidays.
	Holidays []Date
	Owners   []Owner
	Systems  []System
	Steps    []Step
	Pos      Pos            // position of the map (its first key)
	keyPos   map[string]Pos // where each top-level key was written

	// Warnings are problems that do not make the map invalid, e.g. branch
	// probabilities that were not given and are assumed equal.
	Warnings []*Error

	stepIndex   map[string]int
	ownerIndex  map[string]int
	systemIndex map[string]int
}

// Owner is a lane: a team, role or party that does steps.
type Owner struct {
	ID       string
	Name     string
	Capacity int       // people or stations working in parallel; 0 = unlimited
	Calendar *Calendar // working time; nil = always
	Holidays []Date    // non-working days of this owner, as written; see Map.ApplyHolidays
	// External marks a party outside the team's control (customer, carrier,
	// payment provider): its waits are reported, but the lever is the
	// party's service level, never more staff.
	External bool
	Pos      Pos

	fieldPos map[string]Pos
}

// PosOf returns where a field of the owner was written, or the owner's position.
func (o *Owner) PosOf(field string) Pos {
	if p, ok := o.fieldPos[field]; ok {
		return p
	}
	return o.Pos
}

// System is an information system a step is done in.
type System struct {
	ID   string
	Name string
	Pos  Pos
}

// Step is one activity of the process.
type Step struct {
	ID         string
	Name       string
	Owner      string // owner id
	System     string // system id; "" = none (manual, paper, phone)
	Automated  bool
	Decision   bool // a decision point (drawn as a diamond)
	Start      bool // cases enter the process here
	Duration   Dist // work time estimate; zero value = 0 s
	Capacity   int  // dedicated servers for this step; 0 = use the owner's pool
	QueueLimit int  // maximum cases waiting; 0 = unlimited
	LogNames   []string
	SLA        time.Duration // target from enabled to done; 0 = none
	Next       []Edge
	Pos        Pos

	// Delay is a wait before the step that holds no resource (the customer,
	// a carrier, a system the log does not show): a case that reaches the
	// step waits this long, in the owner's working time, before it joins
	// the step's queue. Zero value = none.
	Delay Dist
	// Parallel lists steps that run at the same time once this step is
	// done (an AND split): each is a branch of one step, without next of
	// its own; when all are done the case goes on to Next (the join).
	Parallel []string

	fieldPos map[string]Pos // where each key's value was written, for messages
}

// PosOf returns where a field of the step was written (its value), or the
// step's own position when unknown.
func (s *Step) PosOf(field string) Pos {
	if p, ok := s.fieldPos[field]; ok {
		return p
	}
	return s.Pos
}

// Edge is a possible move from one step to the next.
type Edge struct {
	From, To string
	P        float64 // branch probability; set to the assumed share when not given
	PGiven   bool    // P was written in the file
	Label    string  // optional condition text, e.g. "out of stock"
	Pos      Pos
}

// Step returns the step with the given id.
func (m *Map) Step(id string) (*Step, bool) {
	i, ok := m.stepIndex[id]
	if !ok {
		return nil, false
	}
	return &m.Steps[i], true
}

// Owner returns the owner with the given id.
func (m *Map) Owner(id string) (*Owner, bool) {
	i, ok := m.ownerIndex[id]
	if !ok {
		return nil, false
	}
	return &m.Owners[i], true
}

// System returns the system with the given id.
func (m *Map) System(id string) (*System, bool) {
	i, ok := m.systemIndex[id]
	if !ok {
		return nil, false
	}
	return &m.Systems[i], true
}

// StepIndex returns the position of a step in Steps, or -1.
func (m *Map) StepIndex(id string) int {
	if i, ok := m.stepIndex[id]; ok {
		return i
	}
	return -1
}

// Edges returns every edge of the map in file order.
func (m *Map) Edges() []Edge {
	var out []Edge
	for _, s := range m.Steps {
		out = append(out, s.Next...)
	}
	return out
}

// Starts returns the ids of the steps where cases enter.
func (m *Map) Starts() []string {
	var out []string
	for _, s := range m.Steps {
		if s.Start {
			out = append(out, s.ID)
		}
	}
	return out
}

// IsHandoff reports whether the edge changes owner.
func (m *Map) IsHandoff(e Edge) bool {
	a, okA := m.Step(e.From)
	b, okB := m.Step(e.To)
	return okA && okB && a.Owner != b.Owner
}

// IsSystemSwitch reports whether the edge moves between two different
// systems. A step without a system (phone, paper, the customer) is not a
// system, so an edge to or from it is no switch.
func (m *Map) IsSystemSwitch(e Edge) bool {
	a, okA := m.Step(e.From)
	b, okB := m.Step(e.To)
	return okA && okB && a.System != "" && b.System != "" && a.System != b.System
}

// StepForActivity returns the step that claims an event-log activity name:
// the step whose log_names contain it, else the step whose name or id equals
// it (case-insensitively).
func (m *Map) StepForActivity(activity string) (*Step, bool) {
	for i := range m.Steps {
		for _, n := range m.Steps[i].LogNames {
			if n == activity {
				return &m.Steps[i], true
			}
		}
	}
	for i := range m.Steps {
		s := &m.Steps[i]
		if s.LogNames == nil && (equalFold(s.Name, activity) || equalFold(s.ID, activity)) {
			return s, true
		}
	}
	return nil, false
}

// Silent reports whether the step is recorded in no event log: an empty,
// non-nil LogNames (log_names: []), such as a start or end the map adds. A
// simulated event log leaves it out.
func (s *Step) Silent() bool { return s.LogNames != nil && len(s.LogNames) == 0 }

// Reindex makes Step, Owner and System find the map's entries after the
// map was built or changed in memory (Parse and Validate index it).
func (m *Map) Reindex() { m.reindex() }

func (m *Map) reindex() {
	m.stepIndex = make(map[string]int, len(m.Steps))
	for i, s := range m.Steps {
		if _, dup := m.stepIndex[s.ID]; !dup {
			m.stepIndex[s.ID] = i
		}
	}
	m.ownerIndex = make(map[string]int, len(m.Owners))
	for i, o := range m.Owners {
		if _, dup := m.ownerIndex[o.ID]; !dup {
			m.ownerIndex[o.ID] = i
		}
	}
	m.systemIndex = make(map[string]int, len(m.Systems))
	for i, s := range m.Systems {
		if _, dup := m.systemIndex[s.ID]; !dup {
			m.systemIndex[s.ID] = i
		}
	}
}
