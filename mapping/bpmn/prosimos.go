package bpmn

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/flowmap/flowmap/mapping"
	"github.com/flowmap/flowmap/render/swimlane"
)

// Prosimos/Simod simulation parameters, keyed by the BPMN ids of Encode's
// output, in the JSON shape Prosimos 2 reads (distribution parameters as
// pix-framework writes them: fix [value], expon [mean, min, max], norm
// [mean, sd, min, max], uniform [min, max], lognorm and gamma [mean,
// variance, min, max]).

// unlimited is the pool size written for an owner without capacity
// (Prosimos needs a number of resources).
const unlimited = 100

type prosimosParams struct {
	ResourceProfiles     []resourceProfile `json:"resource_profiles"`
	ArrivalDistribution  distribution      `json:"arrival_time_distribution"`
	ArrivalCalendar      []timePeriod      `json:"arrival_time_calendar"`
	GatewayProbabilities []gatewayProbs    `json:"gateway_branching_probabilities"`
	TaskDistributions    []taskResources   `json:"task_resource_distribution"`
	ResourceCalendars    []resourceCal     `json:"resource_calendars"`
	EventDistribution    []any             `json:"event_distribution"`
	ModelType            string            `json:"model_type"`
}

type resourceProfile struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Resources []resource `json:"resource_list"`
}

type resource struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Cost     float64  `json:"cost_per_hour"`
	Amount   int      `json:"amount"`
	Calendar string   `json:"calendar"`
	Tasks    []string `json:"assigned_tasks"`
}

type distribution struct {
	Name      string       `json:"distribution_name"`
	Params    []paramValue `json:"distribution_params,omitempty"`
	Histogram *histogram   `json:"histogram_data,omitempty"`
}

type paramValue struct {
	Value float64 `json:"value"`
}

type histogram struct {
	CDF       []float64 `json:"cdf"`
	Midpoints []float64 `json:"bin_midpoints"`
}

type timePeriod struct {
	From      string `json:"from"`
	To        string `json:"to"`
	BeginTime string `json:"beginTime"`
	EndTime   string `json:"endTime"`
}

type gatewayProbs struct {
	Gateway string      `json:"gateway_id"`
	Paths   []pathProbs `json:"probabilities"`
}

type pathProbs struct {
	Path  string  `json:"path_id"`
	Value float64 `json:"value"`
}

type taskResources struct {
	Task      string         `json:"task_id"`
	Resources []resourceDist `json:"resources"`
}

type resourceDist struct {
	Resource string `json:"resource_id"`
	distribution
}

type resourceCal struct {
	ID      string       `json:"id"`
	Name    string       `json:"name"`
	Periods []timePeriod `json:"time_periods"`
}

// Prosimos returns the simulation parameters of m for the BPMN file Encode
// writes (the layout is not needed: ids come from the map), and notes on what Prosimos cannot express
// (a map has no arrival rate; holidays; durations of decisions).
// meanArrival is the mean time between cases (exponential); 0 writes one
// hour and a note.
func Prosimos(m *mapping.Map, _ *swimlane.Geometry, meanArrival time.Duration) ([]byte, []string, error) {
	x := build(m)
	var notes []string
	p := prosimosParams{ModelType: "CRISP", EventDistribution: []any{}}
	arrival := meanArrival.Seconds()
	if arrival <= 0 {
		arrival = 3600
		notes = append(notes, "a map has no arrival rate: arrival_time_distribution is one case an hour (exponential); set your own")
	}
	p.ArrivalDistribution = distribution{Name: "expon", Params: []paramValue{{arrival}, {0}, {arrival * 20}}}
	p.ArrivalCalendar = periods(nil)
	p.ResourceCalendars, p.ResourceProfiles = x.resources(&notes)
	for _, e := range x.elems {
		if e.kind != kindGateway {
			continue
		}
		gp := gatewayProbs{Gateway: e.id}
		for _, f := range x.flows {
			if f.src != e.id {
				continue
			}
			share := 1.0 / float64(len(e.outs(x)))
			if f.edge != nil {
				share = f.edge.P
			}
			gp.Paths = append(gp.Paths, pathProbs{f.id, share})
		}
		if e.id == idStartSplit {
			notes = append(notes, "the map has several start steps: Prosimos starts cases at each in equal shares")
		}
		p.GatewayProbabilities = append(p.GatewayProbabilities, gp)
		if s := e.step; s != nil && s.Duration.MeanSeconds() > 0 {
			notes = append(notes, fmt.Sprintf("decision %s takes %s in the map; a BPMN gateway takes no time in Prosimos", s.ID, s.Duration))
		}
	}
	for _, e := range x.elems {
		if s := e.step; s != nil && !s.Decision {
			d, note := prosimosDist(s.Duration)
			if note != "" {
				notes = append(notes, "step "+s.ID+": "+note)
			}
			p.TaskDistributions = append(p.TaskDistributions, taskResources{e.id, []resourceDist{{resourceID(s), d}}})
		}
	}
	if len(m.Holidays) > 0 {
		notes = append(notes, "Prosimos calendars have no holidays: the map's holidays are left out")
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, nil, err
	}
	return append(b, '\n'), notes, nil
}

func (e *elem) outs(x *export) []*flow {
	var out []*flow
	for _, f := range x.flows {
		if f.src == e.id {
			out = append(out, f)
		}
	}
	return out
}

// resourceID is the pool that does a step: its owner's, or the automated
// steps' system pool of that owner.
func resourceID(s *mapping.Step) string {
	if s.Automated {
		return "Resource_" + s.Owner + "_system"
	}
	return "Resource_" + s.Owner
}

// resources writes one calendar and one pool per owner (and one always
// open pool per owner for its automated steps), and one profile per task.
func (x *export) resources(notes *[]string) ([]resourceCal, []resourceProfile) {
	var cals []resourceCal
	pools := map[string]*resource{}
	for _, o := range x.m.Owners {
		cal := resourceCal{ID: "Calendar_" + o.ID, Name: o.Name, Periods: periods(o.Calendar)}
		cals = append(cals, cal)
		if len(o.Holidays) > 0 {
			*notes = append(*notes, "owner "+o.ID+": Prosimos calendars have no holidays; they are left out")
		}
		for _, auto := range []bool{false, true} {
			s := mapping.Step{Owner: o.ID, Automated: auto}
			r := &resource{ID: resourceID(&s), Name: o.Name, Cost: 0, Amount: o.Capacity, Calendar: cal.ID}
			if auto {
				r.Name, r.Amount, r.Calendar = o.Name+" (automated)", unlimited, "Calendar_always"
			}
			if r.Amount == 0 {
				r.Amount = unlimited
			}
			pools[r.ID] = r
		}
	}
	cals = append(cals, resourceCal{ID: "Calendar_always", Name: "Always", Periods: periods(nil)})
	for _, e := range x.elems {
		if s := e.step; s != nil && !s.Decision {
			r := pools[resourceID(s)]
			r.Tasks = append(r.Tasks, e.id)
			if s.Capacity > 0 {
				*notes = append(*notes, "step "+s.ID+": its own capacity is not written; Prosimos uses the owner's pool")
			}
		}
	}
	var profiles []resourceProfile
	for _, e := range x.elems {
		if s := e.step; s != nil && !s.Decision {
			r := pools[resourceID(s)]
			profiles = append(profiles, resourceProfile{ID: e.id, Name: s.Name, Resources: []resource{*r}})
		}
	}
	return cals, profiles
}

var prosimosDays = [7]string{"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"}

// periods writes a weekly calendar; nil is always open.
func periods(c *mapping.Calendar) []timePeriod {
	if c == nil {
		return []timePeriod{{From: "MONDAY", To: "SUNDAY", BeginTime: "00:00:00", EndTime: "23:59:59"}}
	}
	var out []timePeriod
	for i := 1; i <= 7; i++ { // Monday first
		d := i % 7
		for _, iv := range c.Week[d] {
			out = append(out, timePeriod{prosimosDays[d], prosimosDays[d], clock(iv.From), clock(min(iv.To, 86399))})
		}
	}
	return out
}

func clock(sec int) string { return fmt.Sprintf("%02d:%02d:%02d", sec/3600, sec/60%60, sec%60) }

// prosimosDist writes a duration estimate in Prosimos's terms, with a note
// when it is approximated.
func prosimosDist(d mapping.Dist) (distribution, string) {
	v := func(xs ...float64) []paramValue {
		out := make([]paramValue, len(xs))
		for i, x := range xs {
			out[i] = paramValue{x}
		}
		return out
	}
	switch d.Kind {
	case "", mapping.DistConstant:
		return distribution{Name: "fix", Params: v(d.Value)}, ""
	case mapping.DistExponential:
		return distribution{Name: "expon", Params: v(d.Mean, 0, d.Mean*20)}, ""
	case mapping.DistNormal:
		return distribution{Name: "norm", Params: v(d.Mean, d.SD, 0, d.Mean+6*d.SD)}, ""
	case mapping.DistLognormal:
		return distribution{Name: "lognorm", Params: v(d.Mean, d.SD*d.SD, 0, d.Mean+20*d.SD)}, ""
	case mapping.DistGamma:
		return distribution{Name: "gamma", Params: v(d.Mean, d.SD*d.SD, 0, d.Mean+20*d.SD)}, ""
	case mapping.DistUniform:
		return distribution{Name: "uniform", Params: v(d.Min, d.Max)}, ""
	case mapping.DistTriangular:
		return triangularHistogram(d), "Prosimos has no triangular distribution: written as a 20-bin histogram of it"
	case mapping.DistEmpirical:
		vs := append([]float64(nil), d.Values...)
		sort.Float64s(vs)
		h := &histogram{}
		for i, x := range vs {
			h.CDF = append(h.CDF, float64(i+1)/float64(len(vs)))
			h.Midpoints = append(h.Midpoints, x)
		}
		return distribution{Name: "histogram_sampling", Histogram: h}, ""
	}
	return distribution{Name: "fix", Params: v(d.MeanSeconds())}, "unknown distribution " + d.Kind + ": written as its mean"
}

// triangularHistogram cuts a triangular distribution into 20 bins.
func triangularHistogram(d mapping.Dist) distribution {
	const bins = 20
	cdf := func(x float64) float64 {
		a, c, b := d.Min, d.Mode, d.Max
		switch {
		case b <= a:
			return 1
		case x <= a:
			return 0
		case x >= b:
			return 1
		case x <= c:
			return (x - a) * (x - a) / ((b - a) * (c - a))
		default:
			return 1 - (b-x)*(b-x)/((b-a)*(b-c))
		}
	}
	h := &histogram{}
	w := (d.Max - d.Min) / bins
	for i := range bins {
		hi := d.Min + float64(i+1)*w
		h.CDF = append(h.CDF, math.Min(1, cdf(hi)))
		h.Midpoints = append(h.Midpoints, d.Min+(float64(i)+0.5)*w)
	}
	return distribution{Name: "histogram_sampling", Histogram: h}
}

// prosimosProbabilities sets the probability of every sequence flow a
// Prosimos file gives one for, unless the flowmap extension gave it.
func (d *decoder) prosimosProbabilities(file string, src []byte) error {
	if file == "" {
		file = "prosimos parameters"
	}
	var p struct {
		Gateways []gatewayProbs `json:"gateway_branching_probabilities"`
	}
	if err := json.Unmarshal(src, &p); err != nil {
		return fmt.Errorf("%s: not Prosimos parameters (JSON with gateway_branching_probabilities): %v: %w", file, err, mapping.ErrInvalid)
	}
	byID := map[string]*seqFlow{}
	for _, f := range d.flows {
		byID[f.id] = f
	}
	for _, g := range p.Gateways {
		for _, path := range g.Paths {
			f, ok := byID[path.Path]
			switch {
			case !ok || f.src != g.Gateway:
				return fmt.Errorf("%s: gateway %s: path %s is no sequence flow leaving it in %s: %w", file, g.Gateway, path.Path, d.file, mapping.ErrInvalid)
			case path.Value < 0 || path.Value > 1 || math.IsNaN(path.Value):
				return fmt.Errorf("%s: gateway %s: path %s: probability %v is not between 0 and 1: %w", file, g.Gateway, path.Path, path.Value, mapping.ErrInvalid)
			case !f.pGiven:
				f.p, f.pGiven = path.Value, true
			}
		}
	}
	return nil
}
