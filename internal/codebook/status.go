package codebook

import (
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// Tools.
const (
	ToolGoogleForms  = "google_forms"
	ToolTypeform     = "typeform"
	ToolSurveyMonkey = "surveymonkey"
	ToolQualtrics    = "qualtrics"
)

// qualtricsStatus maps the values of Qualtrics' Status column ("Response
// Type" in the question-text row; V7 "Status" in the legacy layout), as
// numeric codes or as the choice text, to what the response is. Source:
// Qualtrics support, "Understanding Your Dataset"
// (https://www.qualtrics.com/support/survey-platform/data-and-analysis-module/data/download-data/understanding-your-dataset/),
// Response Type: 0 IP Address (an ordinary response), 1 Survey Preview,
// 2 Survey Test (generated test responses), 4 Imported, 8 Spam, 9 Preview
// Spam, 12 Imported Spam, 16 Offline App, 17 Offline Survey Preview.
// Imported and offline responses are real respondents. The preview code
// and its text (1 = "Survey Preview", ordinary rows "IP Address", numeric or
// choice-text export) are also what ropensci/excluder's mark_preview reads
// (R/preview.R).
//
// The other tools write no such column: Typeform and Google Forms do not
// store submissions made in preview, and SurveyMonkey's preview mode
// records no responses (a test response sent through a real collector is
// indistinguishable from a real one); Typeform's "Response Type"
// (completed/partial) is completion, mapped by the codebook to finished.
var qualtricsStatus = map[string]dataset.Status{
	"0": dataset.StatusResponse, "ip address": dataset.StatusResponse,
	"1": dataset.StatusPreview, "survey preview": dataset.StatusPreview, "preview": dataset.StatusPreview,
	"2": dataset.StatusTest, "survey test": dataset.StatusTest, "test": dataset.StatusTest,
	"4": dataset.StatusResponse, "imported": dataset.StatusResponse,
	"8": dataset.StatusSpam, "spam": dataset.StatusSpam,
	"9": dataset.StatusSpam, "preview spam": dataset.StatusSpam,
	"12": dataset.StatusSpam, "imported spam": dataset.StatusSpam,
	"16": dataset.StatusResponse, "offline": dataset.StatusResponse, "offline app": dataset.StatusResponse,
	"17": dataset.StatusPreview, "offline survey preview": dataset.StatusPreview, "offline preview": dataset.StatusPreview,
}

// StatusColumn finds the tool's own status column in an export, whether or
// not the codebook maps it: -1 when the tool has none or the file lacks it.
func (ix *ColumnIndex) StatusColumn(tool string) int {
	if tool != ToolQualtrics {
		return -1
	}
	for j := range ix.t.Columns {
		if ix.tag[j] == "Status" || (ix.tag[j] == "" || strings.HasPrefix(ix.tag[j], "V")) && ix.text[j] == "Status" {
			return j
		}
	}
	for j := range ix.t.Columns {
		if ix.text[j] == "Response Type" && ix.tag[j] != "" {
			return j
		}
	}
	return -1
}

// ToolStatus reads a cell of a tool's status column; unknown values are
// ordinary responses.
func ToolStatus(tool, cell string) dataset.Status {
	if tool != ToolQualtrics {
		return dataset.StatusResponse
	}
	return qualtricsStatus[strings.ToLower(strings.TrimSpace(cell))]
}
