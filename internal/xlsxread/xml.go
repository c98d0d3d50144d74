package xlsxread

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// xscan is a minimal streaming XML tokenizer for the few OOXML parts the
// reader needs. It reads one tag at a time and, on request, the text before
// it; it never builds a tree, so memory stays that of one tag and one text.
// DOCTYPE declarations are refused (no entity expansion).
type xscan struct {
	r         *bufio.Reader
	text      []byte // text before the current tag, escaped as in the file
	tag       []byte // the current tag without '<' and '>'
	name      []byte // its local name
	end       bool   // </name>
	selfClose bool   // <name/>
	own       []byte // buffer for tags longer than the read buffer
}

const maxTag = 1 << 20

// newXScan scans r, whose size is about size bytes.
func newXScan(r io.Reader, size uint64) *xscan {
	return &xscan{r: bufio.NewReaderSize(r, int(min(max(size+1, 4<<10), 256<<10)))}
}

// next reads up to and including the next element tag, keeping the text
// before it in s.text if keep. It skips declarations and comments and
// turns CDATA sections into escaped text. At the end it returns io.EOF.
func (s *xscan) next(keep bool) error {
	s.text = s.text[:0]
	for {
		if err := s.readText(keep); err != nil {
			return err
		}
		if err := s.readTag(); err != nil {
			return err
		}
		switch {
		case len(s.tag) > 0 && s.tag[0] == '?':
			continue
		case bytes.HasPrefix(s.tag, []byte("!--")):
			if err := s.readUntil(3, []byte("--")); err != nil {
				return err
			}
			continue
		case bytes.HasPrefix(s.tag, []byte("![CDATA[")):
			if err := s.readUntil(8, []byte("]]")); err != nil {
				return err
			}
			if keep {
				s.text = append(s.text, escapeText(s.tag[8:len(s.tag)-2])...)
			}
			continue
		case len(s.tag) > 0 && s.tag[0] == '!':
			return errors.New("XML declares a DOCTYPE or entity: refused")
		}
		s.parseName()
		return nil
	}
}

func (s *xscan) readText(keep bool) error {
	for {
		chunk, err := s.r.ReadSlice('<')
		if keep {
			if err == nil {
				s.text = append(s.text, chunk[:len(chunk)-1]...)
			} else {
				s.text = append(s.text, chunk...)
			}
			if len(s.text) > 64<<20 {
				return errors.New("XML text longer than 64 MiB")
			}
		}
		switch err {
		case nil:
			return nil
		case bufio.ErrBufferFull:
			continue
		default:
			return err
		}
	}
}

func (s *xscan) readTag() error {
	chunk, err := s.r.ReadSlice('>')
	if err == nil { // the usual case: no copy (s.tag is valid until the next read)
		s.tag = chunk[: len(chunk)-1 : len(chunk)-1]
		return nil
	}
	s.tag = append(s.own[:0], chunk...)
	if err != bufio.ErrBufferFull {
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		return err
	}
	err = s.appendTag(maxTag)
	s.own = s.tag
	return err
}

// appendTag reads up to the next '>' onto s.tag.
func (s *xscan) appendTag(limit int) error {
	for {
		chunk, err := s.r.ReadSlice('>')
		s.tag = append(s.tag, chunk...)
		if len(s.tag) > limit {
			return fmt.Errorf("XML markup longer than %d bytes", limit)
		}
		switch err {
		case nil:
			s.tag = s.tag[:len(s.tag)-1]
			return nil
		case bufio.ErrBufferFull:
		case io.EOF:
			return io.ErrUnexpectedEOF
		default:
			return err
		}
	}
}

// readUntil extends s.tag over further '>' until it ends with suffix after
// its opening of length open (a comment or CDATA section may hold '>').
func (s *xscan) readUntil(open int, suffix []byte) error {
	for len(s.tag) < open+len(suffix) || !bytes.HasSuffix(s.tag, suffix) {
		s.tag = append(s.tag, '>')
		if err := s.appendTag(64 << 20); err != nil {
			return err
		}
	}
	return nil
}

// quickValue reads what the sheet's cells almost always hold after their
// start tag, "<v>value</v></c>", when it is all in the read buffer; anything
// else is left to next. The value is valid until the next read.
func (s *xscan) quickValue() ([]byte, bool) {
	b, _ := s.r.Peek(s.r.Buffered())
	v, n := cellValue(b)
	if n == 0 {
		return nil, false
	}
	s.r.Discard(n)
	return v, true
}

// cellValue matches "<v>value</v></c>" at the start of b, the value free
// of markup, and returns the value and the length matched (0: no match).
func cellValue(b []byte) ([]byte, int) {
	if len(b) < 3 || b[0] != '<' || b[1] != 'v' || b[2] != '>' {
		return nil, 0
	}
	k := bytes.IndexByte(b[3:], '<')
	if k < 0 || !bytes.HasPrefix(b[3+k:], []byte("</v></c>")) {
		return nil, 0
	}
	return b[3 : 3+k], 3 + k + len("</v></c>")
}

// quickCell matches a whole usual cell, "<c …><v>value</v></c>", at the
// start of the read buffer: it returns the start tag (as s.tag holds one),
// the value and the length matched (0: no match). Nothing is consumed.
func (s *xscan) quickCell() (tag, v []byte, n int) {
	b, _ := s.r.Peek(s.r.Buffered())
	if len(b) < 3 || b[0] != '<' || b[1] != 'c' || b[2] != ' ' && b[2] != '>' {
		return nil, nil, 0
	}
	j := bytes.IndexByte(b, '>')
	if j < 0 || b[j-1] == '/' {
		return nil, nil, 0
	}
	v, m := cellValue(b[j+1:])
	if m == 0 {
		return nil, nil, 0
	}
	return b[1:j], v, j + 1 + m
}

func (s *xscan) parseName() {
	t := s.tag
	s.end = len(t) > 0 && t[0] == '/'
	if s.end {
		t = t[1:]
	}
	s.selfClose = len(t) > 0 && t[len(t)-1] == '/'
	i := 0
	for i < len(t) && !isSpace(t[i]) && t[i] != '/' {
		i++
	}
	name := t[:i]
	if k := bytes.IndexByte(name, ':'); k >= 0 {
		name = name[k+1:]
	}
	s.name = name
}

// is reports whether the current tag's local name is name.
func (s *xscan) is(name string) bool { return string(s.name) == name }

// attr returns the raw (escaped) value of the attribute with local name key.
func (s *xscan) attr(key string) ([]byte, bool) {
	t := s.tag
	i := 0
	for i < len(t) && !isSpace(t[i]) {
		i++
	}
	t = t[i:]
	for {
		t = trimSpace(t)
		eq := bytes.IndexByte(t, '=')
		if eq < 0 {
			return nil, false
		}
		k := t[:eq]
		for len(k) > 0 && isSpace(k[len(k)-1]) {
			k = k[:len(k)-1]
		}
		if c := bytes.IndexByte(k, ':'); c >= 0 {
			k = k[c+1:]
		}
		t = trimSpace(t[eq+1:])
		if len(t) == 0 || (t[0] != '"' && t[0] != '\'') {
			return nil, false
		}
		q := t[0]
		e := bytes.IndexByte(t[1:], q)
		if e < 0 {
			return nil, false
		}
		if string(k) == key {
			return t[1 : 1+e], true
		}
		t = t[e+2:]
	}
}

// cellAttrs returns the r and t attributes of a <c> tag in one pass (nil
// when absent); it is attr specialised for the sheet's hottest tag.
func (s *xscan) cellAttrs() (r, t []byte) {
	a := s.tag[1:]
	for len(a) > 0 {
		eq := bytes.IndexByte(a, '=')
		if eq < 0 || eq+1 >= len(a) {
			break
		}
		k := a[:eq]
		for len(k) > 0 && isSpace(k[0]) {
			k = k[1:]
		}
		for len(k) > 0 && isSpace(k[len(k)-1]) {
			k = k[:len(k)-1]
		}
		v := trimSpace(a[eq+1:])
		if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
			break
		}
		e := bytes.IndexByte(v[1:], v[0])
		if e < 0 {
			break
		}
		switch string(k) {
		case "r":
			r = v[1 : 1+e]
		case "t":
			t = v[1 : 1+e]
		}
		a = v[e+2:]
	}
	return r, t
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func trimSpace(t []byte) []byte {
	for len(t) > 0 && isSpace(t[0]) {
		t = t[1:]
	}
	return t
}

func escapeText(b []byte) []byte {
	if !bytes.ContainsAny(b, "&<") {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("&"), []byte("&amp;"))
	return bytes.ReplaceAll(b, []byte("<"), []byte("&lt;"))
}

// unescapeXML decodes character and the five predefined entity references
// and normalises line ends as an XML parser does.
func unescapeXML(b []byte) (string, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return string(b), nil
	}
	out, err := appendUnescapeXML(make([]byte, 0, len(b)), b)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// appendUnescapeXML appends b to out as unescapeXML decodes it.
func appendUnescapeXML(out, b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return append(out, b...), nil
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '\r' {
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
			continue
		}
		if c != '&' {
			out = append(out, c)
			continue
		}
		semi := bytes.IndexByte(b[i:], ';')
		if semi < 0 || semi > 12 {
			return nil, errors.New("bad XML entity reference")
		}
		ref := string(b[i+1 : i+semi])
		i += semi
		switch ref {
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "amp":
			out = append(out, '&')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			r, err := charRef(ref)
			if err != nil {
				return nil, err
			}
			out = utf8.AppendRune(out, r)
		}
	}
	return out, nil
}

func charRef(ref string) (rune, error) {
	var n uint64
	var err error
	switch {
	case len(ref) > 2 && (ref[:2] == "#x" || ref[:2] == "#X"):
		n, err = strconv.ParseUint(ref[2:], 16, 32)
	case len(ref) > 1 && ref[0] == '#':
		n, err = strconv.ParseUint(ref[1:], 10, 32)
	default:
		return 0, fmt.Errorf("unknown XML entity &%s;", ref)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, fmt.Errorf("bad XML character reference &%s;", ref)
	}
	return rune(n), nil
}

// unescapeOOXML decodes the _xHHHH_ escapes OOXML uses for characters XML
// cannot hold (_x000D_ is a carriage return, _x005F_ an underscore).
func unescapeOOXML(s string) string {
	if indexEscape(s, 0) < 0 {
		return s
	}
	return string(unescapeOOXMLBytes([]byte(s)))
}

// unescapeOOXMLBytes is unescapeOOXML in place: an escape of seven bytes
// decodes to at most three, so the output never overtakes the input.
func unescapeOOXMLBytes(b []byte) []byte {
	i := indexEscape(b, 0)
	if i < 0 {
		return b
	}
	out, last := b[:0], 0
	for ; i >= 0; i = indexEscape(b, last) {
		n := 0
		for _, c := range b[i+2 : i+6] {
			n = n<<4 | hexVal(c)
		}
		out = append(out, b[last:i]...)
		out = utf8.AppendRune(out, rune(n))
		last = i + 7
	}
	return append(out, b[last:]...)
}

// indexEscape returns the offset of the first _xHHHH_ escape at or after from, or -1.
func indexEscape[S ~string | ~[]byte](s S, from int) int {
	for i := from; i+7 <= len(s); i++ {
		if s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex(s[i+2:i+6]) {
			return i
		}
	}
	return -1
}

func isHex[S ~string | ~[]byte](s S) bool {
	for i := 0; i < len(s); i++ {
		if hexVal(s[i]) < 0 {
			return false
		}
	}
	return true
}

// hexVal is the value of a hexadecimal digit, -1 for any other byte.
func hexVal(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'f':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}
