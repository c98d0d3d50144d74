package synth

import (
	"fmt"
)

// wave describes one year's export: its tool, layout, file and columns.
type wave struct {
	year       int
	tool       string
	file       string
	headerRows int
	cols       []column
	// truth adjusts a respondent to what this wave could record (e.g. no
	// AI category in 2022).
	truth func(p *Respondent)
}

var (
	roleLabels22 = map[string]string{"Founder/CEO": "Founder / CEO", "VP CS": "VP Customer Success", "IC": "Individual contributor"}
	arrCoarse22  = map[string]string{"<$1M": "Less than $1M", "$1–10M": "$1M - $10M", "$10–50M": "$10M - $50M", "$50M+": "More than $50M"}
	motion22     = map[string]string{"Channel": "Channel, partners & resellers", "Product-led": "Product-led growth (PLG)"}
	dir22        = map[string]string{"Longer": "Longer", "Same": "About the same", "Shorter": "Shorter"}
	adoption23   = map[string]string{"In production": "Yes, in production", "Piloting": "Piloting", "Evaluating": "Evaluating", "Not using": "Not using AI yet"}
	cat23        = map[string]string{"AI / ML (2023, not split)": "AI / ML"}
	sdrModel25   = map[string]string{"Human SDRs without AI": "Human SDRs, no AI", "Human SDRs with AI tools (augmented)": "Human SDRs using AI tools",
		"Autonomous AI SDR agents": "AI SDR agents (autonomous)", "No SDR function": "We don't have SDRs"}
)

// waves returns the five sample waves (SURVEY.md's table).
func waves() []*wave {
	return []*wave{wave2022(), wave2023(), wave2024(), wave2025(), wave2026()}
}

func wave2022() *wave {
	w := &wave{year: 2022, tool: "google_forms", file: "2022_google_forms.csv", headerRows: 1}
	w.truth = func(p *Respondent) {
		switch p.Category {
		case "AI-native app":
			p.Category = "SaaS app"
		case "AI infra":
			p.Category = "Infra/devtools/data"
		}
	}
	w.cols = []column{
		{v: "submitted_at", text: "Timestamp", cell: func(c *ctx) string {
			if c.dirty && c.r.IntN(10) == 0 {
				return gmt3(c.p.Submitted)
			}
			return fmtTime(c.p.Submitted, "1/2/2006 15:04:05")
		}},
		textQ("email", "Email Address", func(p *Respondent) string { return p.Email }),
		textQ("name", "What is your name?", func(p *Respondent) string { return p.First + " " + p.Last }),
		textQ("company", "Company name", func(p *Respondent) string { return p.Company }),
		single("role", "What is your role?", Roles, roleLabels22, func(p *Respondent) string { return p.Role }),
		single("company_stage", "What stage is your company?", Stages, nil, func(p *Respondent) string { return p.Stage }),
		single("arr_band_coarse", "What is your current ARR?", ARRCoarse, arrCoarse22, func(p *Respondent) string { return coarseMap()[p.ARR] }),
		single("company_category", "Which category best describes your company?", Categories, nil, func(p *Respondent) string { return p.Category }),
		single("customer_segment", "Who is your primary customer?", Segments, nil, func(p *Respondent) string { return p.Segment }),
		single("hq_region", "Where is your company headquartered?", Regions, nil, func(p *Respondent) string { return p.Region }),
		joined("gtm_motion", "Which go-to-market motions do you use?", motion22, func(p *Respondent) []string { return p.Motion }),
		numQ("headcount_total", "How many employees does your company have?", "people", func(p *Respondent) float64 { return p.Headcount }),
		single("sales_cycle_direction", "Are your sales cycles getting longer?", CycleDir, dir22, func(p *Respondent) string { return dirMap()[p.CycleChange] }),
		pctQ("arr_growth_yoy_pct", "What was your ARR growth over the last 12 months (%)?", func(p *Respondent) float64 { return p.ARRGrowth }),
		pctQ("win_rate_pct", "What is your win rate (%)?", func(p *Respondent) float64 { return p.WinRate }),
		pctQ("ndr_pct", "What is your net dollar retention (%)?", func(p *Respondent) float64 { return p.NDR }),
		single("runway_band", "How much runway do you have?", Runways, nil, func(p *Respondent) string { return p.Runway }),
		numQ("sentiment", "How do you feel about the market (1-10)?", "", func(p *Respondent) float64 { return p.Sentiment }),
		single("layoffs", "Have you had layoffs in the last 12 months?", YesNo, nil, func(p *Respondent) string { return p.Layoffs }),
		textQ("comments", "Anything else you'd like to share?", func(p *Respondent) string { return p.Comment }),
	}
	return w
}

func typeformTail() []column {
	return []column{
		textQ("email", "email", func(p *Respondent) string { return p.Email }),
		textQ("company", "company", func(p *Respondent) string { return p.Company }),
		ignore("utm_source", func(c *ctx) string { return []string{"newsletter", "twitter", "", "linkedin"}[c.r.IntN(4)] }),
		{v: "finished", text: "Response Type", recode: map[string]string{"completed": "Yes", "partial": "No"}, cell: func(c *ctx) string {
			if c.p.Defect == "partial" {
				return "partial"
			}
			return "completed"
		}},
		{v: "started_at", text: "Start Date (UTC)", cell: func(c *ctx) string { return fmtTime(c.p.Started, isoLayout) }},
		ignore("Stage Date (UTC)", func(c *ctx) string { return fmtTime(c.p.Started+30, isoLayout) }),
		{v: "submitted_at", text: "Submit Date (UTC)", cell: func(c *ctx) string {
			if c.p.Defect == "partial" {
				return ""
			}
			return fmtTime(c.p.Submitted, isoLayout)
		}},
		textQ("network_id", "Network ID", func(p *Respondent) string { return p.NetworkID }),
	}
}

func wave2023() *wave {
	w := &wave{year: 2023, tool: "typeform", file: "2023_typeform.xlsx", headerRows: 1}
	w.truth = func(p *Respondent) {
		if p.Category == "AI-native app" || p.Category == "AI infra" {
			p.Category = "AI / ML (2023, not split)"
		}
	}
	cols := []column{
		textQ("response_id", "#", func(p *Respondent) string { return p.ID }),
		single("role", "<strong>What is your role?</strong>", Roles, nil, func(p *Respondent) string { return p.Role }),
		single("company_stage", "<strong>What stage</strong> is your company at?", Stages, nil, func(p *Respondent) string { return p.Stage }),
		single("arr_band", "What is your current ARR?", ARRBands, nil, func(p *Respondent) string { return p.ARR }),
		single("company_category", "Which category best describes your company?", Categories, cat23, func(p *Respondent) string { return p.Category }),
		single("customer_segment", "Who is your primary customer?", Segments, nil, func(p *Respondent) string { return p.Segment }),
		single("hq_region", "Where is your company headquartered?", Regions, nil, func(p *Respondent) string { return p.Region }),
		single("acv_band", "What is your average contract value (ACV)?", ACVBands, nil, func(p *Respondent) string { return p.ACV }),
	}
	cols = append(cols, options("gtm_motion", "", Motions, nil, func(p *Respondent) []string { return p.Motion }, false)...)
	cols = append(cols,
		numQ("headcount_total", "How many employees does your company have?", "", func(p *Respondent) float64 { return p.Headcount }),
		numQ("hc_sales_marketing", "How many people work in sales and marketing?", "", func(p *Respondent) float64 { return p.HcSM }),
		numQ("sales_cycle_days", "How long is your typical sales cycle today (days)?", "days", func(p *Respondent) float64 { return p.CycleDays }),
		numQ("sales_cycle_days_prev", "How long was it a year ago (days)?", "days", func(p *Respondent) float64 { return p.CycleDaysPrev }),
		pctQ("arr_growth_yoy_pct", "ARR growth over the last 12 months (%)", func(p *Respondent) float64 { return p.ARRGrowth }),
		pctQ("win_rate_pct", "Win rate (%)", func(p *Respondent) float64 { return p.WinRate }),
		column{v: "new_arr_per_ae_usd", text: "New ARR per ramped AE per year ($)", cell: func(c *ctx) string { return c.usd("new_arr_per_ae_usd", c.p.NewARRPerAE) }},
		pctQ("ndr_pct", "Net dollar retention (%)", func(p *Respondent) float64 { return p.NDR }),
		single("runway_band", "How much runway do you have?", Runways, nil, func(p *Respondent) string { return p.Runway }),
		single("ai_adoption", "Is your company using AI in go-to-market?", Adoption, adoption23, func(p *Respondent) string { return p.Adoption }),
		single("layoffs", "Have you had layoffs in the last 12 months?", YesNo, nil, func(p *Respondent) string { return p.Layoffs }),
		textQ("comments", "Anything else?", func(p *Respondent) string { return p.Comment }),
	)
	w.cols = append(cols, typeformTail()...)
	return w
}

func wave2024() *wave {
	w := &wave{year: 2024, tool: "surveymonkey", file: "2024_surveymonkey.xlsx", headerRows: 2}
	cols := []column{
		textQ("response_id", "Respondent ID", func(p *Respondent) string { return p.ID }),
		ignore("Collector ID", func(c *ctx) string { return "431234567" }),
		{v: "started_at", text: "Start Date", date: true, cell: func(c *ctx) string { return fmt.Sprint(c.p.Started) }},
		{v: "submitted_at", text: "End Date", date: true, cell: func(c *ctx) string { return fmt.Sprint(c.p.Submitted) }},
		textQ("ip_address", "IP Address", func(p *Respondent) string { return p.IP }),
		textQ("email", "Email Address", func(p *Respondent) string { return p.Email }),
		textQ("first_name", "First Name", func(p *Respondent) string { return p.First }),
		textQ("last_name", "Last Name", func(p *Respondent) string { return p.Last }),
		textQ("company", "Custom Data 1", func(p *Respondent) string { return p.Company }),
	}
	q := func(c column, sub string) column { c.sub = sub; return c }
	cols = append(cols,
		q(single("role", "What is your role?", Roles, nil, func(p *Respondent) string { return p.Role }), "Response"),
		q(single("company_stage", "What stage is your company at?", Stages, nil, func(p *Respondent) string { return p.Stage }), "Response"),
		q(single("arr_band", "What is your current ARR?", ARRBands, nil, func(p *Respondent) string { return p.ARR }), "Response"),
		q(single("company_category", "Which category best describes your company?", Categories, nil, func(p *Respondent) string { return p.Category }), "Response"),
		q(single("customer_segment", "Who is your primary customer?", Segments, nil, func(p *Respondent) string { return p.Segment }), "Response"),
		q(single("hq_region", "Where is your company headquartered?", Regions, nil, func(p *Respondent) string { return p.Region }), "Response"),
		q(single("acv_band", "What is your average contract value (ACV)?", ACVBands, nil, func(p *Respondent) string { return p.ACV }), "Response"),
	)
	cols = append(cols, options("gtm_motion", "Which go-to-market motions do you use?", Motions, nil, func(p *Respondent) []string { return p.Motion }, true)...)
	grid := "How many people work in each function?"
	cols = append(cols,
		column{v: "hc_sdr", text: grid, sub: "SDRs", cell: func(c *ctx) string { return c.num("hc_sdr", c.p.HcSDR, "") }},
		column{v: "hc_ae", sub: "AEs", cell: func(c *ctx) string { return c.num("hc_ae", c.p.HcAE, "") }},
		column{v: "hc_se", sub: "SEs", cell: func(c *ctx) string { return c.num("hc_se", c.p.HcSE, "") }},
		column{v: "hc_marketing", sub: "Marketing", cell: func(c *ctx) string { return c.num("hc_marketing", c.p.HcMkt, "") }},
		column{v: "hc_cs", sub: "Customer Success", cell: func(c *ctx) string { return c.num("hc_cs", c.p.HcCS, "") }},
		q(numQ("headcount_total", "How many employees does your company have in total?", "", func(p *Respondent) float64 { return p.Headcount }), "Open-Ended Response"),
		q(numQ("sales_cycle_days", "How long is your typical sales cycle (days, first meeting to close)?", "days", func(p *Respondent) float64 { return p.CycleDays }), "Open-Ended Response"),
		q(single("sales_cycle_change_12m", "Over the last 12 months, your sales cycle has become…", CycleChg, nil, func(p *Respondent) string { return p.CycleChange }), "Response"),
		q(pctQ("arr_growth_yoy_pct", "ARR growth over the last 12 months (%)", func(p *Respondent) float64 { return p.ARRGrowth }), "Open-Ended Response"),
		q(pctQ("pipeline_growth_yoy_pct", "Pipeline growth over the last 12 months (%)", func(p *Respondent) float64 { return p.PipeGrowth }), "Open-Ended Response"),
		q(pctQ("win_rate_pct", "Win rate (%)", func(p *Respondent) float64 { return p.WinRate }), "Open-Ended Response"),
		column{v: "new_arr_per_ae_usd", text: "New ARR per ramped AE per year ($)", sub: "Open-Ended Response", cell: func(c *ctx) string { return c.usd("new_arr_per_ae_usd", c.p.NewARRPerAE) }},
		q(pctQ("ndr_pct", "Net dollar retention (%)", func(p *Respondent) float64 { return p.NDR }), "Open-Ended Response"),
		q(single("runway_band", "How much runway do you have?", Runways, nil, func(p *Respondent) string { return p.Runway }), "Response"),
	)
	cols = append(cols, options("ai_gtm_use_cases", "Where do you use AI in go-to-market?", UseCases, nil, func(p *Respondent) []string { return p.UseCases }, true)...)
	cols = append(cols,
		q(pctQ("ai_expected_gain_pct", "What efficiency gain did you expect from AI (%)?", func(p *Respondent) float64 { return p.GainExpected }), "Open-Ended Response"),
		q(pctQ("ai_gain_measured_pct", "What efficiency gain have you measured from AI (%)?", func(p *Respondent) float64 { return p.GainMeasured }), "Open-Ended Response"),
		q(textQ("comments", "Anything else?", func(p *Respondent) string { return p.Comment }), "Open-Ended Response"),
	)
	w.cols = cols
	return w
}

func qualtrics(tag string, c column, qid int) column {
	c.tag = tag
	c.qid = fmt.Sprintf("QID%d", qid)
	return c
}

func wave2025() *wave {
	w := &wave{year: 2025, tool: "qualtrics", file: "2025_qualtrics.csv", headerRows: 3}
	meta := func(tag string, v string, cell func(c *ctx) string) column {
		return column{tag: tag, text: tag, v: v, qid: tag, cell: cell}
	}
	cols := []column{
		meta("StartDate", "started_at", func(c *ctx) string { return fmtTime(c.p.Started, isoLayout) }),
		meta("EndDate", "submitted_at", func(c *ctx) string { return fmtTime(c.p.Submitted, isoLayout) }),
		{tag: "Status", text: "Response Type", qid: "status", v: "response_type", recode: map[string]string{"0": "Response", "1": "Preview"},
			cell: func(c *ctx) string {
				if c.p.Defect == "preview" {
					return "1"
				}
				return "0"
			}},
		meta("IPAddress", "ip_address", func(c *ctx) string { return c.p.IP }),
		meta("Progress", "", func(c *ctx) string {
			if c.p.Defect == "partial" {
				return "35"
			}
			return "100"
		}),
		meta("Duration (in seconds)", "duration_s", func(c *ctx) string { return fmt.Sprint(c.p.Submitted - c.p.Started) }),
		{tag: "Finished", text: "Finished", qid: "finished", v: "finished", recode: map[string]string{"1": "Yes", "0": "No"},
			cell: func(c *ctx) string {
				if c.p.Defect == "partial" {
					return "0"
				}
				return "1"
			}},
		meta("RecordedDate", "", func(c *ctx) string { return fmtTime(c.p.Submitted+2, isoLayout) }),
		meta("ResponseId", "response_id", func(c *ctx) string { return "R_" + c.p.ID[:15] }),
		meta("RecipientLastName", "last_name", func(c *ctx) string { return c.p.Last }),
		meta("RecipientFirstName", "first_name", func(c *ctx) string { return c.p.First }),
		meta("RecipientEmail", "email", func(c *ctx) string { return c.p.Email }),
		meta("ExternalReference", "", func(c *ctx) string { return "" }),
		meta("LocationLatitude", "latitude", func(c *ctx) string { return fmt.Sprint(c.p.Lat) }),
		meta("LocationLongitude", "longitude", func(c *ctx) string { return fmt.Sprint(c.p.Lon) }),
		meta("DistributionChannel", "", func(c *ctx) string {
			if c.p.Defect == "preview" {
				return "preview"
			}
			return "anonymous"
		}),
		meta("UserLanguage", "", func(c *ctx) string { return "EN" }),
	}
	qid := 1
	add := func(tag string, c column) {
		cols = append(cols, qualtrics(tag, c, qid))
		qid++
	}
	add("Q1", single("role", "What is your role?", Roles, nil, func(p *Respondent) string { return p.Role }))
	add("Q2", single("company_stage", "What stage is your company at?", Stages, nil, func(p *Respondent) string { return p.Stage }))
	add("Q3", single("arr_band", "What is your current ARR?", ARRBands, nil, func(p *Respondent) string { return p.ARR }))
	add("Q4", single("company_category", "Which category best describes your company?", Categories, nil, func(p *Respondent) string { return p.Category }))
	add("Q5", single("customer_segment", "Who is your primary customer?", Segments, nil, func(p *Respondent) string { return p.Segment }))
	add("Q6", single("hq_region", "Where is your company headquartered?", Regions, nil, func(p *Respondent) string { return p.Region }))
	add("Q7", single("acv_band", "What is your average contract value (ACV)?", ACVBands, nil, func(p *Respondent) string { return p.ACV }))
	for i, c := range options("gtm_motion", "", Motions, nil, func(p *Respondent) []string { return p.Motion }, false) {
		c.text = "Which go-to-market motions do you use? - " + c.text
		cols = append(cols, qualtrics(fmt.Sprintf("Q8_%d", i+1), c, 8))
	}
	qid = 9
	for i, hc := range []struct {
		v, sub string
		get    func(*Respondent) float64
	}{{"hc_sdr", "SDRs", func(p *Respondent) float64 { return p.HcSDR }}, {"hc_ae", "AEs", func(p *Respondent) float64 { return p.HcAE }},
		{"hc_se", "SEs", func(p *Respondent) float64 { return p.HcSE }}, {"hc_marketing", "Marketing", func(p *Respondent) float64 { return p.HcMkt }},
		{"hc_cs", "Customer Success", func(p *Respondent) float64 { return p.HcCS }}} {
		cols = append(cols, qualtrics(fmt.Sprintf("Q9_%d", i+1), numQ(hc.v, "How many people work in each function? - "+hc.sub, "", hc.get), 9))
	}
	qid = 10
	add("Q10", numQ("headcount_total", "How many employees does your company have in total?", "", func(p *Respondent) float64 { return p.Headcount }))
	add("Q11", numQ("sales_cycle_days", "How long is your typical sales cycle (days)?", "days", func(p *Respondent) float64 { return p.CycleDays }))
	add("Q12", single("sales_cycle_change_12m", "Over the last 12 months, your sales cycle has become…", CycleChg, nil, func(p *Respondent) string { return p.CycleChange }))
	add("Q13", pctQ("arr_growth_yoy_pct", "ARR growth over the last 12 months (%)", func(p *Respondent) float64 { return p.ARRGrowth }))
	add("Q14", pctQ("pipeline_growth_yoy_pct", "Pipeline growth over the last 12 months (%)", func(p *Respondent) float64 { return p.PipeGrowth }))
	add("Q15", pctQ("win_rate_pct", "Win rate (%)", func(p *Respondent) float64 { return p.WinRate }))
	add("Q16", column{v: "new_arr_per_ae_usd", text: "New ARR per ramped AE per year ($)", cell: func(c *ctx) string { return c.usd("new_arr_per_ae_usd", c.p.NewARRPerAE) }})
	add("Q17", pctQ("ndr_pct", "Net dollar retention (%)", func(p *Respondent) float64 { return p.NDR }))
	add("Q18", single("runway_band", "How much runway do you have?", Runways, nil, func(p *Respondent) string { return p.Runway }))
	add("Q19", single("sdr_model", "How is your SDR function set up?", SDRModels, sdrModel25, func(p *Respondent) string { return p.SDRModel }))
	add("Q20", single("sdr_hc_change_12m", "How has your SDR headcount changed in the last 12 months?", SDRChanges, nil, func(p *Respondent) string { return p.SDRChange }))
	for i, c := range options("ai_gtm_use_cases", "", UseCases, nil, func(p *Respondent) []string { return p.UseCases }, false) {
		c.text = "Where do you use AI in go-to-market? - " + c.text
		cols = append(cols, qualtrics(fmt.Sprintf("Q21_%d", i+1), c, 21))
	}
	qid = 22
	add("Q22", single("ai_gtm_budget_share", "What share of your GTM budget goes to AI?", Budgets, nil, func(p *Respondent) string { return p.Budget }))
	add("Q23", pctQ("ai_expected_gain_pct", "What efficiency gain did you expect from AI (%)?", func(p *Respondent) float64 { return p.GainExpected }))
	add("Q24", pctQ("ai_gain_measured_pct", "What efficiency gain have you measured from AI (%)?", func(p *Respondent) float64 { return p.GainMeasured }))
	add("Q25", textQ("comments", "Anything else?", func(p *Respondent) string { return p.Comment }))
	w.cols = cols
	return w
}

func wave2026() *wave {
	w := &wave{year: 2026, tool: "typeform", file: "2026_typeform.csv", headerRows: 1}
	cols := []column{
		textQ("response_id", "#", func(p *Respondent) string { return p.ID }),
		single("role", "<strong>What is your role?</strong>", Roles, nil, func(p *Respondent) string { return p.Role }),
		single("company_stage", "What stage is your company at?", Stages, nil, func(p *Respondent) string { return p.Stage }),
		single("arr_band", "What is your current ARR?", ARRBands, nil, func(p *Respondent) string { return p.ARR }),
		single("company_category", "Which category best describes your company?", Categories, nil, func(p *Respondent) string { return p.Category }),
		single("customer_segment", "Who is your primary customer?", Segments, nil, func(p *Respondent) string { return p.Segment }),
		single("hq_region", "Where is your company headquartered?", Regions, nil, func(p *Respondent) string { return p.Region }),
		single("acv_band", "What is your average contract value (ACV)?", ACVBands, nil, func(p *Respondent) string { return p.ACV }),
	}
	cols = append(cols, options("gtm_motion", "", Motions, nil, func(p *Respondent) []string { return p.Motion }, false)...)
	cols = append(cols,
		numQ("hc_sdr", "How many people work in each function? [SDRs]", "", func(p *Respondent) float64 { return p.HcSDR }),
		numQ("hc_ae", "How many people work in each function? [AEs]", "", func(p *Respondent) float64 { return p.HcAE }),
		numQ("hc_se", "How many people work in each function? [SEs]", "", func(p *Respondent) float64 { return p.HcSE }),
		numQ("hc_marketing", "How many people work in each function? [Marketing]", "", func(p *Respondent) float64 { return p.HcMkt }),
		numQ("hc_cs", "How many people work in each function? [Customer Success]", "", func(p *Respondent) float64 { return p.HcCS }),
		numQ("headcount_total", "How many employees does your company have in total?", "", func(p *Respondent) float64 { return p.Headcount }),
		numQ("sales_cycle_days", "How long is your typical sales cycle (days)?", "days", func(p *Respondent) float64 { return p.CycleDays }),
		single("sales_cycle_change_12m", "Over the last 12 months, your sales cycle has become…", CycleChg, nil, func(p *Respondent) string { return p.CycleChange }),
		pctQ("arr_growth_yoy_pct", "ARR growth over the last 12 months (%)", func(p *Respondent) float64 { return p.ARRGrowth }),
		pctQ("pipeline_growth_yoy_pct", "Pipeline growth over the last 12 months (%)", func(p *Respondent) float64 { return p.PipeGrowth }),
		pctQ("win_rate_pct", "Win rate (%)", func(p *Respondent) float64 { return p.WinRate }),
		column{v: "new_arr_per_ae_usd", text: "New ARR per ramped AE per year ($)", cell: func(c *ctx) string { return c.usd("new_arr_per_ae_usd", c.p.NewARRPerAE) }},
		pctQ("ndr_pct", "Net dollar retention (%)", func(p *Respondent) float64 { return p.NDR }),
		single("runway_band", "How much runway do you have?", Runways, nil, func(p *Respondent) string { return p.Runway }),
		single("sdr_model", "How is your SDR function set up?", SDRModels, nil, func(p *Respondent) string { return p.SDRModel }),
		single("sdr_hc_change_12m", "How has your SDR headcount changed in the last 12 months?", SDRChanges, nil, func(p *Respondent) string { return p.SDRChange }),
	)
	cols = append(cols, options("ai_gtm_use_cases", "", UseCases, nil, func(p *Respondent) []string { return p.UseCases }, false)...)
	cols = append(cols,
		single("ai_gtm_budget_share", "What share of your GTM budget goes to AI?", Budgets, nil, func(p *Respondent) string { return p.Budget }),
		pctQ("ai_expected_gain_pct", "What efficiency gain did you expect from AI (%)?", func(p *Respondent) float64 { return p.GainExpected }),
		pctQ("ai_gain_measured_pct", "What efficiency gain have you measured from AI (%)?", func(p *Respondent) float64 { return p.GainMeasured }),
	)
	cols = append(cols, options("ai_gain_captured_as", "", Captured, nil, func(p *Respondent) []string { return p.CapturedAs }, false)...)
	cols = append(cols, options("buyer_ai_observed", "", BuyerAI, map[string]string{"None": "None of these"}, func(p *Respondent) []string { return p.BuyerObserved }, false)...)
	cols = append(cols,
		single("buyer_ai_cycle_impact", "How has buyers' use of AI changed your sales cycles?", BuyerImp, nil, func(p *Respondent) string { return p.BuyerImpact }),
		single("new_objections", "Are buyers raising new AI-driven objections?", YesNoNS, nil, func(p *Respondent) string { return p.NewObjections }),
		textQ("comments", "Anything else?", func(p *Respondent) string { return p.Comment }),
	)
	w.cols = append(cols, typeformTail()...)
	return w
}
