package clean

import (
	"strings"

	"github.com/gtmsurvey/gtmsurvey/internal/dataset"
)

// PublicMailDomains are the domains of public mail providers: an address
// there names a person, not a company, so the company key falls back to
// the company name (Amendment 2, item 2).
var PublicMailDomains = []string{
	"gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "yahoo.fr", "ymail.com", "hotmail.com",
	"hotmail.co.uk", "hotmail.fr", "outlook.com", "live.com", "live.co.uk", "msn.com", "icloud.com", "me.com",
	"mac.com", "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net", "web.de",
	"mail.com", "yandex.com", "yandex.ru", "mail.ru", "zoho.com", "fastmail.com", "hey.com", "tutanota.com",
	"qq.com", "163.com", "126.com", "naver.com", "orange.fr", "free.fr", "t-online.de", "comcast.net",
	"att.net", "verizon.net", "btinternet.com", "example.com",
}

var publicMail = func() map[string]bool {
	m := map[string]bool{}
	for _, d := range PublicMailDomains {
		m[d] = true
	}
	return m
}()

// CompanyKey returns a function naming the company of row i across waves,
// from the private email and company answers: "@" and the email's domain
// unless it is a public mail provider, else the company name (case and
// spacing folded); "" when neither names a company (missing, or a
// placeholder of the list, compared folded as dedupe compares them). The
// key is private: it links waves and is never released.
func CompanyKey(d *dataset.Dataset, placeholderList []string) func(i int) string {
	ph := newPlaceholders(placeholderList)
	email, company := d.Col("email"), d.Col("company")
	text := func(c *dataset.Column, i int) string {
		if c == nil || c.Kind != dataset.Text {
			return ""
		}
		return c.Text[i]
	}
	return func(i int) string {
		return companyKey(text(email, i), text(company, i), ph)
	}
}

// companyKey is CompanyKey's rule for one response.
func companyKey(email, company string, ph placeholders) string {
	if e := strings.TrimSpace(email); !ph[foldKey(e)] {
		if at := strings.LastIndex(e, "@"); at >= 0 {
			dom := strings.ToLower(strings.TrimSpace(e[at+1:]))
			if dom != "" && strings.Contains(dom, ".") && !publicMail[dom] {
				return "@" + dom
			}
		}
	}
	if ph[foldKey(company)] {
		return ""
	}
	return strings.ToLower(strings.Join(strings.Fields(company), " "))
}
