package patch

import (
	"testing"
	"time"
)

var dateLayouts = []string{time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700", time.RFC3339}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00"},
		{"Tue, 5 Mar 2024 09:00:00 +0100", "2024-03-05T09:00:00+01:00"},
		{"5 Mar 2024 09:00 +0000", "2024-03-05T09:00:00Z"}, // RFC 2822 lets both go
		{"  Thu,  29 Feb 2024   23:59:59   +0530 ", "2024-02-29T23:59:59+05:30"},
		{"2024-03-05T09:00:00Z", "2024-03-05T09:00:00Z"},
		{"2024-03-05T09:00:00.250-02:30", "2024-03-05T09:00:00.25-02:30"},
		{"2024-03-05T9:00:00,1234567891Z", "2024-03-05T09:00:00.123456789Z"},
	} {
		got, err := ParseDate(tc.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tc.want {
			t.Errorf("ParseDate(%q) = %s, want %s", tc.in, s, tc.want)
		}
	}
	for _, in := range []string{
		"", "yesterday", "Mon, 30 Feb 2024 10:00:00 +0000", "Mon, 1 Foo 2024 10:00:00 +0000",
		"Xyz, 1 Jan 2024 10:00:00 +0000", "1 Jan 2024 24:00:00 +0000", "1 Jan 2024 10:60:00 +0000",
		"1 Jan 2024 10:00:00 0000", "1 Jan 2024 10:00:00 +2500", "1 Jan 24 10:00:00 +0000",
		"1 Jan 2024 10:00:00:00 +0000", "2024-13-01T00:00:00Z", "2024-01-01T00:00:00",
		"2024-01-01T00:00:00+0100", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00.Z",
	} {
		if got, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", in, got)
		}
	}
}

// FuzzParseDate: whatever time.Parse reads in the layouts go-edit
// documents, ParseDate reads as the same instant and offset.
func FuzzParseDate(f *testing.F) {
	f.Add("Mon, 02 Jan 2006 15:04:05 -0700")
	f.Add("Sun, 9 Sep 2001 1:46:40 +0000")
	f.Add("2006-01-02T15:04:05.999999999+07:00")
	f.Fuzz(func(t *testing.T, s string) {
		for _, layout := range dateLayouts {
			want, err := time.Parse(layout, s)
			if err != nil {
				continue
			}
			got, err := ParseDate(s)
			if err != nil {
				t.Fatalf("time.Parse(%q, %q) = %v, ParseDate: %v", layout, s, want, err)
			}
			_, wantOff := want.Zone()
			_, gotOff := got.Zone()
			if !got.Equal(want) || gotOff != wantOff {
				t.Fatalf("ParseDate(%q) = %v, time.Parse(%q) = %v", s, got, layout, want)
			}
			return
		}
	})
}
