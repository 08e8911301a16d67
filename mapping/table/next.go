package table

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Branch is one destination written in a Next cell.
type Branch struct {
	Step     int     // step number (1 or more)
	Share    float64 // fraction from 0 to 1, when HasShare
	HasShare bool
	Label    string // condition text, e.g. "in stock"; "" = none
}

// Limits on a Next cell; a workshop writes a few branches.
const (
	maxNextLen      = 1000
	maxBranches     = 100
	maxStepNumber   = 999_999
	nextSyntaxHint  = "write step numbers, e.g. 4, or branches with their shares: 3 (85%), 8 (15%)"
	endIsNotABranch = "end cannot be one of several branches: the case ends at a step that has no Next; add a step where those cases end (e.g. \"Order cancelled\") and point to its number"
)

var (
	stepNumberRe = regexp.MustCompile(`^#?([0-9]+)(?:\.0+)?$`) // 4.0: a number cell shown with decimals
	percentRe    = regexp.MustCompile(`^([0-9]+(?:[.,][0-9]+)?)\s*%`)
	fractionRe   = regexp.MustCompile(`^([01]?\.[0-9]+)(?:$|[\s,:;])`)
	numberRe     = regexp.MustCompile(`^[0-9]+(?:[.,][0-9]+)?(?:$|[\s,:;])`)
	negativeRe   = regexp.MustCompile(`^-\s*[0-9.,]+\s*%?`)
)

// ParseNext reads a Next cell: "" (nil: the following row), "end" (End
// true, no branches), or branches separated by commas, semicolons or line
// breaks, each a step number with an optional share and label in
// parentheses: "3 (85%), 8 (15%, out of stock)". A share is a percentage
// (85%) or a fraction (0.85). The error names the first problem.
func ParseNext(s string) (branches []Branch, end bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, false, nil
	}
	if len(s) > maxNextLen {
		return nil, false, fmt.Errorf("%d characters is too long for a Next cell (at most %d)", len(s), maxNextLen)
	}
	if strings.EqualFold(s, "end") {
		return nil, true, nil
	}
	parts, err := splitBranches(s)
	if err != nil {
		return nil, false, err
	}
	if len(parts) > maxBranches {
		return nil, false, fmt.Errorf("%d branches; a step has at most %d", len(parts), maxBranches)
	}
	seen := map[int]bool{}
	for _, p := range parts {
		b, err := parseBranch(p)
		if err != nil {
			return nil, false, err
		}
		if seen[b.Step] {
			return nil, false, fmt.Errorf("step %d is listed twice", b.Step)
		}
		seen[b.Step] = true
		branches = append(branches, b)
	}
	return branches, false, nil
}

// splitBranches cuts s at the separators outside parentheses.
func splitBranches(s string) ([]string, error) {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return nil, fmt.Errorf("%q has a ) without its (", s)
			}
			depth--
		case ',', ';', '\n':
			if depth == 0 {
				parts = append(parts, s[start:i])
				start = i + 1
			}
		}
	}
	if depth > 0 {
		return nil, fmt.Errorf("%q has a ( without its )", s)
	}
	parts = append(parts, s[start:])
	for i, p := range parts {
		if parts[i] = strings.TrimSpace(p); parts[i] == "" {
			return nil, fmt.Errorf("%q has an empty branch; %s", s, nextSyntaxHint)
		}
	}
	return parts, nil
}

// parseBranch reads "3", "#3", "3 (85%)", "3 (85%, in stock)" or "3 (in stock)".
func parseBranch(p string) (Branch, error) {
	head, inner, hasParen := p, "", false
	if i := strings.IndexByte(p, '('); i >= 0 {
		if !strings.HasSuffix(p, ")") {
			return Branch{}, fmt.Errorf("%q: nothing may follow the parentheses; %s", p, nextSyntaxHint)
		}
		head, inner, hasParen = strings.TrimSpace(p[:i]), p[i+1:len(p)-1], true
	}
	if strings.EqualFold(head, "end") {
		return Branch{}, errors.New(endIsNotABranch)
	}
	m := stepNumberRe.FindStringSubmatch(head)
	if m == nil {
		if f := strings.Fields(head); len(f) == 2 && stepNumberRe.MatchString(f[0]) && percentRe.MatchString(f[1]) {
			return Branch{}, fmt.Errorf("%q: put the share in parentheses: %s (%s)", p, f[0], f[1])
		}
		return Branch{}, fmt.Errorf("%q is not a step number; %s", head, nextSyntaxHint)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n > maxStepNumber {
		return Branch{}, fmt.Errorf("step number %s is too large (at most %d)", m[1], maxStepNumber)
	}
	if n == 0 {
		return Branch{}, errors.New("step numbers start at 1, found 0")
	}
	b := Branch{Step: n}
	if hasParen {
		if err := parseInner(&b, strings.TrimSpace(inner)); err != nil {
			return Branch{}, err
		}
	}
	return b, nil
}

// parseInner reads what is inside a branch's parentheses: an optional share
// and an optional label.
func parseInner(b *Branch, s string) error {
	rest := s
	switch {
	case percentRe.MatchString(s):
		m := percentRe.FindStringSubmatch(s)
		pct, err := strconv.ParseFloat(strings.Replace(m[1], ",", ".", 1), 64)
		if err != nil {
			return fmt.Errorf("step %d: bad share %q", b.Step, m[0])
		}
		if pct > 100 {
			return fmt.Errorf("step %d: share %s is more than 100%%", b.Step, strings.TrimSpace(m[0]))
		}
		b.Share, b.HasShare, rest = pct/100, true, s[len(m[0]):]
	case fractionRe.MatchString(s):
		m := fractionRe.FindStringSubmatch(s)
		f, err := strconv.ParseFloat(m[1], 64)
		if err != nil || f > 1 {
			return fmt.Errorf("step %d: share %s must be from 0 to 1, or a percentage such as 85%%", b.Step, m[1])
		}
		b.Share, b.HasShare, rest = f, true, s[len(m[1]):]
	case negativeRe.MatchString(s):
		return fmt.Errorf("step %d: share %s is negative", b.Step, negativeRe.FindString(s))
	case numberRe.MatchString(s):
		num := strings.TrimRight(numberRe.FindString(s), " \t,:;")
		return fmt.Errorf("step %d: share %s needs a %% sign (write %s%%) or must be a fraction from 0 to 1", b.Step, num, num)
	default:
		b.Label = s
		return nil
	}
	b.Label = strings.TrimSpace(strings.TrimLeft(rest, " \t,:;"))
	return nil
}

// FormatNext writes branches as ParseNext reads them back: the canonical
// form of a Next cell ("end" when end is set).
func FormatNext(branches []Branch, end bool) string {
	if end {
		return "end"
	}
	parts := make([]string, len(branches))
	for i, b := range branches {
		var inner []string
		if b.HasShare {
			inner = append(inner, shareText(b.Share))
		}
		if b.Label != "" {
			inner = append(inner, b.Label)
		}
		parts[i] = strconv.Itoa(b.Step)
		if len(inner) > 0 {
			parts[i] += " (" + strings.Join(inner, ", ") + ")"
		}
	}
	return strings.Join(parts, ", ")
}

// shareText writes a share so that it reads back as the same number: 0 and
// 1 as percentages, others as the shortest exact fraction.
func shareText(f float64) string {
	switch f {
	case 0:
		return "0%"
	case 1:
		return "100%"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
