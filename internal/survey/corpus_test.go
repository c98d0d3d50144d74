package survey

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/gtmsurvey/gtmsurvey/internal/xlsxread/xlsxtest"
)

//go:generate go test -run TestCorpusUpToDate -args -gen

var gen = flag.Bool("gen", false, "rewrite testdata/layouts and testdata/hostile from the generator in corpus_test.go")

// layoutFiles are small synthetic exports laid out exactly as each tool has
// written them: byte-order marks, trailing commas, CRLF, quoted newlines,
// HTML and non-breaking spaces in headers, repeated choice labels, and
// respondents who type header-looking text.
func layoutFiles() map[string][]byte {
	crlf := func(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }
	f := map[string][]byte{}
	f["qualtrics_legacy.csv"] = crlf("\ufeffV1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2_1,Q2_2,Q3,\n" +
		"ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,What is your role?,Which motions do you run?-Inbound,Which motions do you run?-Outbound,Anything else?,\n" +
		"R_1abcDEF,Default Response Set,Anonymous,,,203.0.113.5,0,2015-05-20 14:03:11,2015-05-20 14:10:02,1,CEO,1,,\"two\nlines\",\n" +
		"R_2ghiJKL,Default Response Set,Anonymous,,,203.0.113.9,0,2015-05-21 09:00:00,2015-05-21 09:04:41,1,Response,,1,Response,\n" +
		"R_3mnoPQR,Default Response Set,Anonymous,,,203.0.113.7,1,2015-05-21 10:00:00,2015-05-21 10:01:00,1,VP Sales,1,1,,\n")
	insightsIDs := []string{"startDate", "endDate", "status", "ipAddress", "finished", "_recordId", "QID1", "QID2-1", "QID2-2", "QID3-TEXT"}
	for i, id := range insightsIDs {
		insightsIDs[i] = fmt.Sprintf(`"{'ImportId': '%s'}"`, id)
	}
	f["qualtrics_insights.csv"] = crlf("\ufeffStartDate,EndDate,Status,IPAddress,Finished,ResponseId,Q1,Q2_1,Q2_2,Q3_TEXT\n" +
		"Start Date,End Date,Response Type,IP Address,Finished,Response ID,What is your role?,Which motions do you run? - Inbound,Which motions do you run? - Outbound,Anything else? - Text\n" +
		strings.Join(insightsIDs, ",") + "\n" +
		"2016-05-20 14:03:11,2016-05-20 14:10:02,IP Address,203.0.113.5,True,R_1abc,CEO,Inbound,,\"{'ImportId': 'QID9'}\"\n" +
		"2016-05-21 09:00:00,2016-05-21 09:04:41,Survey Preview,,True,R_2def,VP Sales,,Outbound,\n")
	f["qualtrics_current.csv"] = []byte("StartDate,EndDate,Status,Progress,Finished,ResponseId,Q1,Q2_1,Q2_2,Q3_TEXT\n" +
		"Start Date,End Date,Response Type,Progress,Finished,Response ID,What is your role?,Which motions do you run? - Inbound,Which motions do you run? - Outbound,Anything else? - Text\n" +
		`"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}","{""ImportId"":""progress""}","{""ImportId"":""finished""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID2_1""}","{""ImportId"":""QID2_2""}","{""ImportId"":""QID3_TEXT""}"` + "\n" +
		`2025-05-20 14:03:11,2025-05-20 14:10:02,IP Address,100,True,R_1abc,CEO,Inbound,,"{""ImportId"":""QID1""}"` + "\n" +
		"2025-05-21 09:00:00,2025-05-21 09:04:41,IP Address,100,True,R_2def,Response,,Outbound,\"a\nb\"\n" +
		"2025-05-22 09:00:00,2025-05-22 09:04:41,Spam,100,True,R_3ghi,VP Sales,Inbound,Outbound,\n")
	smHeader := [][]string{
		{"Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "What is your role?", "Which motions do you run?", "", "", "Win rate (%)"},
		{"", "", "", "", "", "Response", "Inbound", "Outbound", "Other (please specify)", "Open-Ended Response"},
	}
	smData := [][]string{
		{"114829384756", "431234567", "05/20/2024 02:03:11 PM", "05/20/2024 02:10:02 PM", "203.0.113.5", "CEO", "Inbound", "", "", "25"},
		{"114829384757", "431234567", "05/21/2024 09:00:00 AM", "05/21/2024 09:04:41 AM", "203.0.113.9", "Response", "", "Outbound", "Partners", ""},
	}
	f["surveymonkey.csv"] = csvBytes(append(smHeader, smData...))
	f["surveymonkey.xlsx"] = xlsxtest.Bytes(append(smHeader, smData...), "G1:I1")
	tfHeader := []string{"#", "<strong>What is your\u00a0role?</strong>", "Inbound", "Outbound", "Other", "Which tools do you use?", "Other", "Other", "Inbound", "Response Type", "Start Date (UTC)", "Network ID"}
	tfData := [][]string{
		{"tok1", "Response", "Inbound", "", "", "CRM", "", "", "", "completed", "2023-05-20 14:03:11", "ab12"},
		{"tok2", "CEO", "", "Outbound", "Partners", "", "Other", "", "Inbound", "completed", "2023-05-21 09:00:00", "cd34"},
		{"tok3", "VP Sales", "", "", "", "", "", "Spreadsheets", "", "partial", "2023-05-22 10:00:00", "ef56"},
	}
	f["typeform.csv"] = csvBytes(append([][]string{tfHeader}, tfData...))
	f["typeform.xlsx"] = xlsxtest.Bytes(append([][]string{tfHeader}, tfData...))
	f["google_forms.csv"] = []byte("\ufeffTimestamp,Email Address,What is your role?,Comments\r\n" +
		"8/31/2023 19:08:16,a@x.example,Response,\"two\r\nlines\"\r\n" +
		"8/31/2023 19:09:00,b@x.example,CEO,\"{\"\"ImportId\"\":\"\"QID1\"\"}\"\r\n" +
		"9/1/2023 8:00:00,c@x.example,VP Sales,Open-Ended Response\r\n,,,\r\n,,,\r\n")
	return f
}

func csvBytes(rows [][]string) []byte {
	var b bytes.Buffer
	for _, r := range rows {
		for j, c := range r {
			if j > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n\r") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// TestCorpusUpToDate checks that the committed corpus is what the generator
// makes (run with -gen to rewrite it).
func TestCorpusUpToDate(t *testing.T) {
	for dir, files := range map[string]map[string][]byte{"layouts": layoutFiles(), "hostile": hostileFiles()} {
		dir = filepath.Join("testdata", dir)
		if *gen {
			os.RemoveAll(dir)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		names := make([]string, 0, len(files))
		for n, data := range files {
			names = append(names, n)
			p := filepath.Join(dir, n)
			if *gen {
				if err := os.WriteFile(p, data, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			got, err := os.ReadFile(p)
			if err != nil || !bytes.Equal(got, data) {
				t.Errorf("%s is not what the generator makes (go generate ./internal/survey): %v", p, err)
			}
		}
		entries, _ := os.ReadDir(dir)
		total := int64(0)
		for _, e := range entries {
			if _, ok := files[e.Name()]; !ok {
				t.Errorf("%s/%s is not made by the generator", dir, e.Name())
			}
			if info, err := e.Info(); err == nil {
				total += info.Size()
			}
		}
		sort.Strings(names)
		if total > 2<<20 {
			t.Errorf("%s holds %d bytes; the corpus must stay small", dir, total)
		}
	}
}
