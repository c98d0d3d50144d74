package codebook

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Flag marks how a typed value was derived from what the respondent wrote.
// The empty flag means the value was read as written.
type Flag string

// Flags a parser may set on a value it accepted.
const (
	FlagNone        Flag = ""
	FlagRange       Flag = "range_midpoint" // "20-30" → 25
	FlagApprox      Flag = "approximate"    // "~25", "about 25"
	FlagOpenBound   Flag = "open_bound"     // "500%+", ">100" → the bound
	FlagSuffix      Flag = "unit_suffix"    // "$650k", "0.65M"
	FlagExcelSerial Flag = "excel_serial"   // date given as an Excel serial number
)

// MissingReason says why a cell yields no value. Reasons are counted per
// variable and wave in the harmonization report.
type MissingReason string

// Missing reasons.
const (
	MissingBlank      MissingReason = "blank"            // left empty
	MissingNA         MissingReason = "not_applicable"   // "N/A", "n/a", "NA", "-"
	MissingDontKnow   MissingReason = "dont_know"        // "Don't know", "Not sure", "Prefer not to say"
	MissingRefused    MissingReason = "refused"          // recoded by the codebook ("Prefer not to answer")
	MissingUnparsed   MissingReason = "unparseable"      // text that no rule reads ("lots", "12..5%")
	MissingAmbiguous  MissingReason = "ambiguous"        // "0.25" in a percent column: 0.25% or 25%?
	MissingOutOfRange MissingReason = "out_of_range"     // outside the variable's [min, max]
	MissingCurrency   MissingReason = "non_usd_currency" // "€600k": no exchange rate is assumed
	MissingUnmapped   MissingReason = "unmapped_label"   // a choice label that no recode or level matches
)

// CodebookReasons are the reasons a codebook's missing: map may give an
// answer label. They, and blank, are the respondent's own choice, so they
// are not listed as problem values.
var CodebookReasons = map[MissingReason]bool{MissingNA: true, MissingDontKnow: true, MissingRefused: true}

// Given reports whether the reason is the respondent's own (blank, not
// applicable, don't know, refused) rather than a value that could not be read.
func (r MissingReason) Given() bool { return r == MissingBlank || CodebookReasons[r] }

// ParseResult is what a value parser makes of one cell: either a value (with
// an optional flag) or a missing reason.
type ParseResult struct {
	Value   float64
	Flag    Flag
	Missing MissingReason // empty when Value is valid
}

func missing(reason MissingReason) ParseResult {
	return ParseResult{Value: math.NaN(), Missing: reason}
}

var naTokens = map[string]MissingReason{
	"": MissingBlank, "n/a": MissingNA, "na": MissingNA, "-": MissingNA, "–": MissingNA, "—": MissingNA,
	"none given": MissingNA, "not applicable": MissingNA, "null": MissingNA,
	"don't know": MissingDontKnow, "dont know": MissingDontKnow, "don’t know": MissingDontKnow,
	"not sure": MissingDontKnow, "unknown": MissingDontKnow, "prefer not to say": MissingDontKnow,
	"?": MissingDontKnow,
}

// MissingToken reports whether s is one of the recognized missing-value
// tokens (case-insensitive, trimmed) and which reason it stands for.
func MissingToken(s string) (MissingReason, bool) {
	r, ok := naTokens[strings.ToLower(strings.TrimSpace(s))]
	return r, ok
}

var (
	numRe   = `[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?`
	rangeRe = regexp.MustCompile(`^(` + numRe + `)\s*(?:-|–|—|to)\s*(` + numRe + `)$`)
	plainRe = regexp.MustCompile(`^` + numRe + `$`)
)

// parseNumberCore reads a plain number, "~n", "n+", ">n", "<n", or a range
// "a-b" / "a–b" / "a to b" (midpoint, flagged). Thousands separators with
// commas are accepted ("1,234"); a comma as decimal mark is not.
func parseNumberCore(s string) (float64, Flag, bool) {
	s = strings.TrimSpace(s)
	flag := FlagNone
	low := strings.ToLower(s)
	for _, p := range []string{"~", "≈", "about ", "approx. ", "approx ", "around ", "circa ", "ca. "} {
		if strings.HasPrefix(low, p) {
			s = strings.TrimSpace(s[len(p):])
			flag = FlagApprox
			break
		}
	}
	switch {
	case strings.HasSuffix(s, "+"):
		s, flag = strings.TrimSpace(strings.TrimSuffix(s, "+")), FlagOpenBound
	case strings.HasPrefix(s, ">=") || strings.HasPrefix(s, "<="):
		s, flag = strings.TrimSpace(s[2:]), FlagOpenBound
	case strings.HasPrefix(s, ">") || strings.HasPrefix(s, "<"):
		s, flag = strings.TrimSpace(s[1:]), FlagOpenBound
	}
	if s == "" {
		return 0, flag, false
	}
	if simpleDecimal(s) || plainRe.MatchString(s) && strings.ContainsAny(s, "0123456789") {
		v, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if err != nil || math.IsInf(v, 0) {
			return 0, flag, false
		}
		return v, flag, true
	}
	if m := rangeRe.FindStringSubmatch(s); m != nil && m[1] != "" && m[2] != "" {
		a, err1 := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		b, err2 := strconv.ParseFloat(strings.ReplaceAll(m[2], ",", ""), 64)
		if err1 != nil || err2 != nil || b < a || math.IsInf(a, 0) || math.IsInf(b, 0) {
			return 0, flag, false
		}
		return (a + b) / 2, FlagRange, true
	}
	return 0, flag, false
}

// simpleDecimal reports whether s is digits with at most one decimal point
// inside them ("25", "0.38"): a plain number (plainRe) found without the
// regular expression.
func simpleDecimal(s string) bool {
	dot := -1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && dot < 0 && i > 0 && i < len(s)-1:
			dot = i
		default:
			return false
		}
	}
	return s != ""
}

// ParseNumber reads a count or quantity (days, people, seconds): "45",
// "~45", "30-60" (midpoint, flagged), "1,200", "100+". Missing tokens give
// their reason; anything else is unparseable.
func ParseNumber(s string) ParseResult {
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	t := strings.TrimSpace(s)
	low := strings.ToLower(t)
	for _, unit := range []string{" days", " day", "days", "d", " people", " ppl", " fte", " employees", " sec", "s"} {
		if strings.HasSuffix(low, unit) && len(low) > len(unit) && low[len(low)-len(unit)-1] >= '0' && low[len(low)-len(unit)-1] <= '9' {
			t = strings.TrimSpace(t[:len(t)-len(unit)])
			break
		}
	}
	v, f, ok := parseNumberCore(t)
	if !ok {
		return missing(MissingUnparsed)
	}
	return ParseResult{Value: v, Flag: f}
}

// ParsePercent reads a percentage in percentage points: "25", "25%", "~25",
// "20-30", "20–30%" (midpoint, flagged), "500%+" (bound, flagged), "-10".
// A bare number strictly between 0 and 1 without a % sign ("0.25") is
// ambiguous (0.25% or 25%?) and is reported missing rather than guessed.
// With an explicit % sign ("0.5%") the value is taken as written.
func ParsePercent(s string) ParseResult {
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	t := strings.TrimSpace(s)
	hasPct := strings.Contains(t, "%")
	t = strings.ReplaceAll(t, "%", "")
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(t, "pct")), "percent"))
	v, f, ok := parseNumberCore(t)
	if !ok {
		return missing(MissingUnparsed)
	}
	if !hasPct && f != FlagRange && v > 0 && v < 1 {
		return missing(MissingAmbiguous)
	}
	return ParseResult{Value: v, Flag: f}
}

var currencyRe = regexp.MustCompile(`^(.*?)\s*([kKmMbB]|mm|MM)?$`)

// ParseCurrency reads an amount in US dollars: "$650k", "650,000", "0.65M",
// "650K USD", "$1.2M", "$500k-$700k" (midpoint, flagged). Suffixes k, M (or
// MM) and B multiply by 1e3, 1e6, 1e9. An amount in another currency ("€600k",
// "£500k", "600k EUR") is missing with reason non_usd_currency: no exchange
// rate is assumed.
func ParseCurrency(s string) ParseResult {
	if r, ok := quickCurrency(strings.TrimSpace(s)); ok {
		return r
	}
	return parseCurrency(s)
}

// quickCurrency reads the amounts exports hold most, "$291k", "$835,000",
// "1.2M": an optional "$", a plain number (simpleDecimal, or thousands
// grouped by commas) and an optional one-letter k, M or B, exactly as
// parseCurrency reads them. Anything else is not ok.
func quickCurrency(t string) (ParseResult, bool) {
	t = strings.TrimPrefix(t, "$")
	mult := 1.0
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'k', 'K':
			mult, t = 1e3, t[:n-1]
		case 'm', 'M':
			mult, t = 1e6, t[:n-1]
		case 'b', 'B':
			mult, t = 1e9, t[:n-1]
		}
	}
	num := t
	if !simpleDecimal(t) {
		if !groupedThousands(t) {
			return ParseResult{}, false
		}
		num = strings.ReplaceAll(t, ",", "")
	}
	v, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(v, 0) {
		return ParseResult{}, false
	}
	f := FlagNone
	if mult != 1 {
		v, f = v*mult, FlagSuffix
	}
	return ParseResult{Value: math.Round(v*100) / 100, Flag: f}, true
}

// groupedThousands reports whether s is digits grouped in threes by
// commas ("835,000", "1,200.5"): the \d{1,3}(?:,\d{3})+ form of plainRe.
func groupedThousands(s string) bool {
	whole, frac, dot := strings.Cut(s, ".")
	if dot && (frac == "" || !simpleDecimal(frac) || strings.Contains(frac, ".")) {
		return false
	}
	groups := strings.Split(whole, ",")
	if len(groups) < 2 || len(groups[0]) < 1 || len(groups[0]) > 3 {
		return false
	}
	for k, g := range groups {
		if digits(g) < 0 || k > 0 && len(g) != 3 || g == "" {
			return false
		}
	}
	return true
}

// parseCurrency is ParseCurrency trying every form.
func parseCurrency(s string) ParseResult {
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	t := strings.TrimSpace(s)
	up := strings.ToUpper(t)
	for _, c := range []string{"€", "£", "¥", "EUR", "GBP", "JPY", "CAD", "AUD", "INR", "CHF"} {
		if strings.Contains(up, c) {
			return missing(MissingCurrency)
		}
	}
	t = strings.ReplaceAll(t, "$", "")
	t = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(t), "USD")), "usd"))
	t = strings.TrimPrefix(t, "US")
	// A range of amounts: split, parse each side with its own suffix.
	for _, sep := range []string{" to ", "–", "—", "-"} {
		if i := strings.Index(t[min(1, len(t)):], sep); i >= 0 && len(t) > 0 {
			i += min(1, len(t))
			a, b := amount(t[:i]), amount(t[i+len(sep):])
			if a.Missing == "" && b.Missing == "" && b.Value >= a.Value {
				return ParseResult{Value: (a.Value + b.Value) / 2, Flag: FlagRange}
			}
			return missing(MissingUnparsed)
		}
	}
	return amount(t)
}

func amount(t string) ParseResult {
	t = strings.TrimSpace(t)
	m := currencyRe.FindStringSubmatch(t)
	if m == nil {
		return missing(MissingUnparsed)
	}
	v, f, ok := parseNumberCore(m[1])
	if !ok {
		return missing(MissingUnparsed)
	}
	switch strings.ToLower(m[2]) {
	case "k":
		v, f = v*1e3, orFlag(f, FlagSuffix)
	case "m", "mm":
		v, f = v*1e6, orFlag(f, FlagSuffix)
	case "b":
		v, f = v*1e9, orFlag(f, FlagSuffix)
	}
	// Whole cents: "0.65M" is 650000, not 650000.0000000001.
	return ParseResult{Value: math.Round(v*100) / 100, Flag: f}
}

func orFlag(f, g Flag) Flag {
	if f != FlagNone {
		return f
	}
	return g
}

// dateLayouts are tried in order. Month-first layouts come before day-first
// ones; a wave whose tool writes day-first dates says so with date_order: dmy.
var dateLayoutsMDY = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05",
	"2006-01-02 15:04", "2006-01-02",
	"1/2/2006 15:04:05", "1/2/2006 3:04:05 PM", "1/2/2006 15:04", "1/2/2006",
	"2006/01/02 3:04:05 PM", "2006/01/02 15:04:05",
}

var dateLayoutsDMY = []string{
	"2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z", "2006-01-02T15:04:05",
	"2006-01-02 15:04", "2006-01-02",
	"2/1/2006 15:04:05", "2/1/2006 3:04:05 PM", "2/1/2006 15:04", "2/1/2006",
	"2006/01/02 3:04:05 PM", "2006/01/02 15:04:05",
}

var gmtRe = regexp.MustCompile(`\s*(?:GMT|UTC)\s*([+-]\d{1,2})(?::?(\d{2}))?$`)

// ParseDate reads a timestamp as the survey tools write it and returns Unix
// seconds (UTC): ISO ("2025-05-20 14:03:11"), US Google Forms
// ("8/31/2023 19:08:16"), "2026/09/20 10:00:00 AM GMT+3" (offset applied), or
// an Excel serial number ("45432.59"; 1900 date system). Without a zone the
// time is taken as UTC. order is "mdy" (default) or "dmy" for slash dates.
func ParseDate(s, order string) ParseResult { return ParseDateIn(s, order, time.UTC) }

// ParseDateIn is ParseDate for a tool that writes local time: a timestamp
// without an offset (or an Excel serial) is read as wall-clock time in loc.
func ParseDateIn(s, order string, loc *time.Location) ParseResult {
	if v, ok := quickDate(strings.TrimSpace(s), order == "dmy", loc); ok {
		return ParseResult{Value: v}
	}
	return parseDate(s, order, loc)
}

// parseDate is ParseDateIn trying every form in turn.
func parseDate(s, order string, loc *time.Location) ParseResult {
	if r, ok := MissingToken(s); ok {
		return missing(r)
	}
	t := strings.TrimSpace(s)
	if v, err := strconv.ParseFloat(t, 64); err == nil {
		if v < 1 || v > 2958465 {
			return missing(MissingOutOfRange)
		}
		tm, err := excelize.ExcelDateToTime(v, false)
		if err != nil {
			return missing(MissingUnparsed)
		}
		tm = tm.Round(time.Second)
		if loc != time.UTC {
			tm = time.Date(tm.Year(), tm.Month(), tm.Day(), tm.Hour(), tm.Minute(), tm.Second(), 0, loc)
		}
		return ParseResult{Value: float64(tm.Unix()), Flag: FlagExcelSerial}
	}
	offset := 0
	if m := gmtRe.FindStringSubmatch(t); m != nil {
		loc = time.UTC // the offset is explicit
		h, _ := strconv.Atoi(m[1])
		mins := 0
		if m[2] != "" {
			mins, _ = strconv.Atoi(m[2])
		}
		if h < 0 {
			mins = -mins
		}
		offset = h*3600 + mins*60
		t = strings.TrimSpace(t[:len(t)-len(m[0])])
	}
	layouts := dateLayoutsMDY
	if order == "dmy" {
		layouts = dateLayoutsDMY
	}
	for _, l := range layouts {
		if tm, err := time.ParseInLocation(l, t, loc); err == nil {
			return ParseResult{Value: float64(tm.Unix() - int64(offset))}
		}
	}
	return missing(MissingUnparsed)
}

// quickDate reads the two timestamp forms the tools write most,
// "2006-01-02 15:04:05" and "1/2/2006 15:04:05" (or "3:04:05 PM"; day first
// when dmy), exactly as the first layout of ParseDateIn that matches them
// would, without trying the others in turn. Anything else, or a field out
// of range, is not ok and is left to the full parser.
func quickDate(t string, dmy bool, loc *time.Location) (float64, bool) {
	var y, mo, d, h, mi, sec int
	ok := false
	if len(t) == 19 && t[4] == '-' && t[7] == '-' && t[10] == ' ' && t[13] == ':' && t[16] == ':' {
		y, mo, d = digits(t[0:4]), digits(t[5:7]), digits(t[8:10])
		h, mi, sec = digits(t[11:13]), digits(t[14:16]), digits(t[17:19])
		ok = h < 24
	} else {
		var a, b int
		if a, t, ok = number(t, 1, 2, '/'); ok {
			if b, t, ok = number(t, 1, 2, '/'); ok {
				y, t, ok = number(t, 4, 4, ' ')
			}
		}
		if mo, d = a, b; dmy {
			mo, d = b, a
		}
		if ok {
			if h, t, ok = number(t, 1, 2, ':'); ok {
				if mi, t, ok = number(t, 2, 2, ':'); ok {
					h, sec, ok = clock(h, t)
				}
			}
		}
	}
	if !ok || y < 0 || mo < 1 || mo > 12 || d < 1 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || h < 0 {
		return 0, false
	}
	tm := time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc)
	if tm.Day() != d { // beyond the month's last day: the parser refuses it
		return 0, false
	}
	return float64(tm.Unix()), true
}

// clock reads the seconds that end a slash timestamp, "05" or "05 PM" (then
// h is on a 12-hour clock), and returns the 24-hour hour and the seconds.
func clock(h int, t string) (int, int, bool) {
	switch {
	case len(t) == 2:
		return h, digits(t), h < 24
	case len(t) == 5 && t[2] == ' ' && (t[3:] == "AM" || t[3:] == "PM"):
		if h > 12 {
			return 0, 0, false
		}
		if t[3] == 'P' && h < 12 {
			h += 12
		} else if t[3] == 'A' && h == 12 {
			h = 0
		}
		return h, digits(t[:2]), true
	}
	return 0, 0, false
}

// number reads lo to hi ASCII digits from the start of t followed by sep,
// and returns their value and the rest after sep.
func number(t string, lo, hi int, sep byte) (int, string, bool) {
	n := 0
	for n < len(t) && n < hi && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n < lo || n >= len(t) || t[n] != sep {
		return 0, t, false
	}
	return digits(t[:n]), t[n+1:], true
}

// digits is the value of a string of ASCII digits; -1 if any is not one.
func digits(t string) int {
	v := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

var (
	labelDash   = strings.NewReplacer("–", "-", "—", "-", "−", "-", " to ", "-", "’", "'", "$", "", "€", "", " ", "")
	labelSuffix = regexp.MustCompile(`(\d)(?:k|m|mm|usd)\b`)
)

// NormalizeLabel folds an answer label for matching: NormalizeHeader (NFC,
// HTML and non-breaking spaces), then lower case, dashes and " to " as "-",
// currency symbols, spaces and k/M unit letters after digits removed, so
// "$1M-$5M", "$1-5M", "$1M – $5M" and "1M to 5M" all read "1-5".
func NormalizeLabel(s string) string {
	s = strings.ToLower(NormalizeHeader(s))
	s = labelDash.Replace(s)
	for {
		n := labelSuffix.ReplaceAllString(s, "$1")
		if n == s {
			break
		}
		s = n
	}
	return s
}
