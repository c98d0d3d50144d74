// Package figure holds the plain values a chart is drawn from: what a
// hypothesis's verdict or a trend rests on, as numbers with their intervals,
// n and labels. Stages that compute statistics (hypotheses, trends) fill a
// Figure; charts, the report and the deck read it. The package imports
// nothing of the project, so charts/ never sees the dataset or the
// statistics code.
package figure

// Kind says how a figure is laid out.
type Kind string

const (
	// Intervals: one panel per Panel, categories on the x axis, each series
	// a point estimate with its CI bar per category (H1's group medians, H3's
	// coefficients, H4's binned outcomes).
	Intervals Kind = "intervals"
	// Lines: a numeric x axis (usually the survey year), each series a line
	// through its points, with a CI band where Low and High are set (H2's
	// quartile band, H5's medians, numeric trends, multi-select options).
	Lines Kind = "lines"
	// Shares: categories (usually years) on the x axis and, per category, the
	// share of each series as a 100% stacked bar (single-choice trends,
	// respondents per wave by stage).
	Shares Kind = "shares"
	// Verdicts: one row per hypothesis (Point.Category), its verdict in
	// Point.Label and its adjusted p in Point.Y (the verdict summary).
	Verdicts Kind = "verdicts"
)

// Style says how one series is drawn.
type Style string

const (
	StylePoints Style = "points" // markers with CI bars
	StyleLine   Style = "line"   // a line, with a CI band where Low/High are set
	StyleBand   Style = "band"   // a filled band between Low and High (Y ignored)
	StyleBars   Style = "bars"   // bars (shares stack to 100%)
)

// Figure is one chart's worth of plain numbers and words.
type Figure struct {
	Name     string `json:"name"`     // file stem: lower case, [a-z0-9_], unique in a run
	Title    string `json:"title"`    // the finding in one sentence, not a variable name
	Subtitle string `json:"subtitle"` // who and when: "1,930 companies, 2022–2026"
	// Stats is the test, its p and adjustments, in one line: charts draw it
	// as a small grey "Stats:" footer, never in the title or subtitle.
	Stats string `json:"stats,omitempty"`
	// Focus names the series the title is about: they keep their colours
	// and every other series is grey. Empty: each series its own colour.
	Focus []string `json:"focus,omitempty"`
	// YUnit is how y values are written on ticks and labels: "" as
	// numbers, "%" as percentages, "$" as dollars ($640k), "pts" as
	// percentage points.
	YUnit  string  `json:"y_unit,omitempty"`
	XLabel string  `json:"x_label"` // with units
	YLabel string  `json:"y_label"` // with units
	Kind   Kind    `json:"kind"`
	Panels []Panel `json:"panels"` // one or more side-by-side panels sharing the title
	// Empty, when not "", is why there is nothing to draw (for example
	// "insufficient data: augmented n=12 < 20"); charts draw a labelled empty
	// panel instead of an empty axis.
	Empty string   `json:"empty,omitempty"`
	Notes []string `json:"notes,omitempty"` // caveats printed under the chart
}

// Panel is one set of axes.
type Panel struct {
	Title  string   `json:"title,omitempty"`   // panel heading, e.g. the outcome
	YLabel string   `json:"y_label,omitempty"` // overrides Figure.YLabel for this panel
	YUnit  string   `json:"y_unit,omitempty"`  // overrides Figure.YUnit for this panel
	Series []Series `json:"series"`
	// Bands are horizontal reference bands, e.g. H4's equivalence region.
	Bands []RefBand `json:"bands,omitempty"`
	// RefY are horizontal reference lines, e.g. y = 0.
	RefY []float64 `json:"ref_y,omitempty"`
	// Breaks are x positions (between two waves) where the question changed;
	// charts draw a visible break and do not join lines across it.
	Breaks []float64 `json:"breaks,omitempty"`
	// Shade fills the area between two series, named by Series.Name (H5's gap).
	Shade *Shade `json:"shade,omitempty"`
	// YTicks, when set, are the y axis's ticks: an answer scale labelled
	// with its answers ("Much fewer" … "Many more").
	YTicks []Tick `json:"y_ticks,omitempty"`
	// Ordered says the series are the ordered answers of one scale: shares
	// draw them as one colour ramp.
	Ordered bool `json:"ordered,omitempty"`
}

// Tick is a labelled position on an axis.
type Tick struct {
	Value float64 `json:"value"`
	Label string  `json:"label"`
}

// Series is one named set of points, labelled directly on the chart.
type Series struct {
	Name   string  `json:"name"`
	Style  Style   `json:"style"`
	Points []Point `json:"points"`
	// Group, when not "", makes series of one group share a colour (a
	// quartile band and the line through it); otherwise each series gets
	// its own.
	Group string `json:"group,omitempty"`
	// Muted draws the series grey: a folded tail ("Other (3)") or context.
	Muted bool `json:"muted,omitempty"`
}

// Point is one estimate. For numeric axes X is used; for categorical axes
// Category is. Low and High are the CI bounds (NaN or equal to Y when none).
type Point struct {
	X        float64 `json:"x"`
	Category string  `json:"category,omitempty"`
	Y        float64 `json:"y"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
	N        int     `json:"n"`
	Label    string  `json:"label,omitempty"` // a direct label or annotation
}

// RefBand is a horizontal band from Low to High with a label.
type RefBand struct {
	Low   float64 `json:"low"`
	High  float64 `json:"high"`
	Label string  `json:"label"`
}

// Shade names the two series whose gap is filled.
type Shade struct {
	Lower string `json:"lower"`
	Upper string `json:"upper"`
	Label string `json:"label"`
}
