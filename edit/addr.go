package edit

import "unicode/utf8"

// address evaluates an address chain relative to a, as sam's address():
// sign is the direction set by a preceding + or - (0 for none). Every part
// refers to the text as the command found it.
func (m *machine) address(ap *addr, a span, sign int) span {
	for ; ap != nil; ap = ap.next {
		switch ap.kind {
		case 'l':
			a = m.lineAddr(ap.off, ap.num, a, sign)
		case '#':
			a = m.charAddr(ap.off, ap.num, a, sign)
		case '.':
			a = m.dot
		case '$':
			a = span{len(m.buf), len(m.buf)}
		case '\'':
			a = m.mark
		case '?', '/':
			if ap.kind == '?' {
				// ?re? reverses the direction it is written in.
				if sign = -sign; sign == 0 {
					sign = -1
				}
			}
			from := a.p2
			if sign < 0 {
				from = a.p1
			}
			a = m.search(ap, from, sign)
		case ',', ';':
			a1 := span{0, 0}
			if ap.left != nil {
				a1 = m.address(ap.left, a, 0)
			}
			if ap.kind == ';' {
				// a1;a2 makes a1 dot (for good: sam does not restore it)
				// and evaluates a2 from there.
				a = a1
				m.dot = a1
			}
			a2 := span{len(m.buf), len(m.buf)}
			if ap.next != nil {
				a2 = m.address(ap.next, a, 0)
			}
			if a2.p2 < a1.p1 {
				m.fail(ap.off, CodeOutOfOrder, "addresses out of order")
			}
			return span{a1.p1, a2.p2}
		case '+', '-':
			sign = 1
			if ap.kind == '-' {
				sign = -1
			}
			// A + or - with no number after it means one line.
			if ap.next == nil || ap.next.kind == '+' || ap.next.kind == '-' {
				a = m.lineAddr(ap.off, 1, a, sign)
			}
		}
	}
	return a
}

// search finds the regexp forward from the offset from (sign >= 0) or
// backward, wrapping around the buffer. An empty match right at from is
// skipped by searching again one rune further.
func (m *machine) search(ap *addr, from, sign int) span {
	re := m.regexp(ap.re)
	n := len(m.buf)
	find := func(p int) []int {
		if sign >= 0 {
			return re.Search(m.buf, p, nil)
		}
		return re.SearchBackward(m.buf, p, nil)
	}
	sel := find(from)
	if sel == nil {
		m.fail(ap.off, CodeSearch, "search")
	}
	if sel[0] == sel[1] {
		if sign >= 0 && sel[0] == from {
			if from = m.nextRune(from); from > n {
				from = 0
			}
			sel = find(from)
		} else if sign < 0 && sel[1] == from {
			if from = m.prevRune(from); from < 0 {
				from = n
			}
			sel = find(from)
		}
		if sel == nil {
			m.fail(ap.off, CodeSearch, "search")
		}
	}
	return span{sel[0], sel[1]}
}

// charAddr is #n: rune n of the buffer (sign 0), or n runes after the end
// (sign > 0) or before the start (sign < 0) of a. An invalid UTF-8 byte
// counts as one rune.
func (m *machine) charAddr(off, n int, a span, sign int) span {
	var p int
	switch {
	case sign == 0:
		p = m.runesForward(off, 0, n)
	case sign > 0:
		p = m.runesForward(off, a.p2, n)
	default:
		p = a.p1
		for range n {
			if p <= 0 {
				m.fail(off, CodeAddressRange, "address range")
			}
			p = m.prevRune(p)
		}
	}
	return span{p, p}
}

func (m *machine) runesForward(off, p, n int) int {
	for range n {
		if p >= len(m.buf) {
			m.fail(off, CodeAddressRange, "address range")
		}
		_, w := utf8.DecodeRune(m.buf[p:])
		p += w
	}
	return p
}

// lineAddr is sam's lineaddr: line l of the buffer (sign 0), or l lines
// after (sign > 0) the line holding the last rune of a, or before (sign <
// 0) the line holding its first rune. Line 0 and a+0, a-0 are the empty
// or partial lines described in SAM.md section 3. Newlines are single
// bytes, so scanning bytes instead of runes finds the same lines.
func (m *machine) lineAddr(off, l int, a span, sign int) span {
	buf := m.buf
	n := len(buf)
	var r span
	if sign >= 0 {
		var p int
		if l == 0 {
			if sign == 0 || a.p2 == 0 {
				return span{0, 0}
			}
			r.p1 = a.p2
			p = a.p2 - 1
		} else {
			count := 0
			if sign == 0 || a.p2 == 0 {
				p, count = 0, 1
			} else {
				p = a.p2 - 1
				if buf[p] == '\n' {
					count = 1
				}
				p++
			}
			for count < l {
				if p >= n {
					m.fail(off, CodeAddressRange, "address range")
				}
				if buf[p] == '\n' {
					count++
				}
				p++
			}
			r.p1 = p
		}
		for p < n {
			p++
			if buf[p-1] == '\n' {
				break
			}
		}
		r.p2 = p
		return r
	}
	p := a.p1
	if l == 0 {
		r.p2 = a.p1
	} else {
		for count := 0; count < l; {
			switch {
			case p == 0:
				if count++; count != l {
					m.fail(off, CodeAddressRange, "address range")
				}
			case buf[p-1] != '\n':
				p--
			default:
				if count++; count != l {
					p--
				}
			}
		}
		r.p2 = p
		if p > 0 {
			p--
		}
	}
	for p > 0 && buf[p-1] != '\n' {
		p--
	}
	r.p1 = p
	return r
}
