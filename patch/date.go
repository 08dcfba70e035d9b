package patch

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// ParseDate reads a mail date as git prints it (RFC 2822: "Mon, 2 Jan
// 2006 15:04:05 -0700"; the weekday and the seconds may be left out) or an
// RFC 3339 one ("2006-01-02T15:04:05Z", "2006-01-02T15:04:05.5+02:00").
// It is written out rather than done with time.Parse, whose layout engine
// costs the binary about 24 KB for these two forms.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if len(s) >= 10 && s[4] == '-' {
		return parseRFC3339(s)
	}
	return parseRFC2822(s)
}

var errDate = errors.New(`want an RFC 2822 date such as "Mon, 02 Jan 2006 15:04:05 -0700" or an RFC 3339 one`)

var months = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

var weekdays = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

func parseRFC2822(s string) (time.Time, error) {
	f := strings.Fields(s)
	if len(f) > 0 && strings.HasSuffix(f[0], ",") {
		day := strings.TrimSuffix(f[0], ",")
		if !contains(weekdays[:], day) {
			return time.Time{}, errDate
		}
		f = f[1:]
	}
	if len(f) != 5 {
		return time.Time{}, errDate
	}
	mday, ok1 := number(f[0], 1, 2)
	month := index(months[:], f[1]) + 1
	year, ok2 := number(f[2], 4, 4)
	clock := strings.Split(f[3], ":")
	if !ok1 || !ok2 || month == 0 || len(clock) < 2 || len(clock) > 3 || len(f[4]) != 5 {
		return time.Time{}, errDate
	}
	hour, ok1 := number(clock[0], 1, 2)
	minute, ok2 := number(clock[1], 2, 2)
	sec, ok3 := 0, true
	if len(clock) == 3 {
		sec, ok3 = number(clock[2], 2, 2)
	}
	zone, ok4 := offset(f[4][0], f[4][1:3], f[4][3:5])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return time.Time{}, errDate
	}
	return date(year, month, mday, hour, minute, sec, 0, zone)
}

func parseRFC3339(s string) (time.Time, error) {
	// 2006-01-02T15:04:05, the hour maybe of one digit (as time.Parse
	// takes it); a zone follows, after an optional fraction of a second.
	day, clock, ok := strings.Cut(s, "T")
	if !ok {
		day, clock, ok = strings.Cut(s, "t")
	}
	hh, clock, ok2 := strings.Cut(clock, ":")
	if !ok || !ok2 || len(day) != 10 || day[7] != '-' || len(clock) < 6 || clock[2] != ':' {
		return time.Time{}, errDate
	}
	year, ok1 := number(day[0:4], 4, 4)
	month, ok2 := number(day[5:7], 2, 2)
	mday, ok3 := number(day[8:10], 2, 2)
	hour, ok4 := number(hh, 1, 2)
	minute, ok5 := number(clock[0:2], 2, 2)
	sec, ok6 := number(clock[3:5], 2, 2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return time.Time{}, errDate
	}
	rest, nsec := clock[5:], 0
	if rest[0] == '.' || rest[0] == ',' { // time.Parse takes both
		n := 1
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 1 {
			return time.Time{}, errDate
		}
		digits := rest[1:min(n, 10)] // nanoseconds; time.Parse drops the rest
		frac, _ := strconv.Atoi(digits + strings.Repeat("0", 9-len(digits)))
		nsec, rest = frac, rest[n:]
	}
	var zone int
	switch {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && rest[3] == ':':
		var ok bool
		if zone, ok = offset(rest[0], rest[1:3], rest[4:6]); !ok {
			return time.Time{}, errDate
		}
	default:
		return time.Time{}, errDate
	}
	return date(year, month, mday, hour, minute, sec, nsec, zone)
}

// date builds the time, refusing fields out of range (time.Date would
// carry them over: 31 Feb would become 3 Mar).
func date(year, month, mday, hour, minute, sec, nsec, zone int) (time.Time, error) {
	loc := time.UTC
	if zone != 0 {
		loc = time.FixedZone("", zone)
	}
	t := time.Date(year, time.Month(month), mday, hour, minute, sec, nsec, loc)
	if month < 1 || month > 12 || t.Day() != mday || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, errDate
	}
	return t, nil
}

// offset reads a zone offset ("+" or "-", hours, minutes) in seconds,
// within time.Parse's bounds (24 hours, 60 minutes).
func offset(sign byte, hh, mm string) (int, bool) {
	h, ok1 := number(hh, 2, 2)
	m, ok2 := number(mm, 2, 2)
	if !ok1 || !ok2 || h > 24 || m > 60 || sign != '+' && sign != '-' {
		return 0, false
	}
	sec := h*3600 + m*60
	if sign == '-' {
		sec = -sec
	}
	return sec, true
}

// number reads a decimal of minDigits to maxDigits digits.
func number(s string, minDigits, maxDigits int) (int, bool) {
	if len(s) < minDigits || len(s) > maxDigits {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// index finds s in list ignoring case, as time.Parse matches names.
func index(list []string, s string) int {
	for i, v := range list {
		if strings.EqualFold(v, s) {
			return i
		}
	}
	return -1
}

func contains(list []string, s string) bool { return index(list, s) >= 0 }
