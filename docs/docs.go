// Package docs holds the project's documentation that the program itself
// prints: the pre-registered analysis plan goes into every report.
package docs

import _ "embed"

// AnalysisPlan is docs/analysis-plan.md, the pre-registered analysis plan
// with its amendments, as Markdown.
//
//go:embed analysis-plan.md
var AnalysisPlan string
