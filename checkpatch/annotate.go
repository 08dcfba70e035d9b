package checkpatch

import (
	"regexp"
	"strings"
)

// annotator classifies the tokens of C lines the way checkpatch's
// annotate_values does, so that operator spacing knows a unary '*' from a
// binary one, a label's ':' from a conditional's. Its state runs across the
// lines of a hunk.
//
// Each byte of a line gets a value type: 'E' (start of an expression),
// 'V' (a value: identifier, constant, call), 'N' (an operator or keyword
// expecting a value), 'T' (a type), 'C' (after a comma) or 'c' (a cast).
// Operators also get a variant: 'U' unary or 'B' binary for - + * & &&,
// and for ':' the kind the statement makes it: 'C' case, 'L' label,
// 'B' bit-field, 'O' other.
type annotator struct {
	preprocessor bool
	pending      byte   // type to restore when the next '(' closes
	parenType    []byte // types to restore at each ')'
	pendColon    byte   // what the next ':' is
	prev         byte   // type at the end of the previous line
}

// reset starts a hunk.
func (a *annotator) reset() {
	*a = annotator{pending: '_', parenType: []byte{'E'}, pendColon: 'O', prev: 'E'}
}

var (
	avSpace     = regexp.MustCompile(`^\s+`)
	avCast      = re(`^\(\s*(?:`, pType, `)\s*\)`)
	avCastOpen  = re(`^(\(\s*(?:`, pType, `)\s*)\)`)
	avDeclare   = re(`^(`, pType, `)\s*(?:`, pIdent, `|,|\)|\(|\s*$)`)
	avModifier  = re(`^(`, pModifier, `)\s*`)
	avDefine    = re(`^(#\s*define\s*`, pIdent, `)(\(?)`)
	avUndef     = re(`^(#\s*(?:undef\s*`, pIdent, `|include\b))`)
	avIf        = regexp.MustCompile(`^(#\s*(?:ifdef|ifndef|if))`)
	avElse      = regexp.MustCompile(`^(#\s*(?:else|elif))`)
	avEndif     = regexp.MustCompile(`^(#\s*(?:endif))`)
	avCont      = regexp.MustCompile(`^(\\\n)`)
	avAttr      = regexp.MustCompile(`^(__attribute__)\s*\(?`)
	avSizeof    = regexp.MustCompile(`^(sizeof)\s*(\()?`)
	avCond      = regexp.MustCompile(`^(if|while|for)\b`)
	avCase      = regexp.MustCompile(`^(case)`)
	avKeyword   = regexp.MustCompile(`^(return|else|goto|typeof|__typeof__)\b`)
	avFunc      = re(`^(`, pIdent, `)\s*\(`)
	avLabel     = re(`^(`, pIdent, `\s*):(?:\s*\d+\s*(,|=|;))?`)
	avValue     = re(`^(`, pIdent, `|`, pConstant, `)`)
	avAssign    = re(`^(`, pAssignment, `)`)
	avUnaryable = regexp.MustCompile(`^(-|\+|\*|&&|&)`)
	avOperator  = re(`^(`, pOperators, `)`)
)

// annotate returns the value types (one per byte of line plus one for the
// implied newline, preceded by the previous line's last type) and the
// operator variants (one per byte, '_' where none) of a sanitised line
// whose diff marker has been replaced by a space.
func (a *annotator) annotate(line string) (values, vars string) {
	stream := line + "\n"
	res := make([]byte, 0, len(stream))
	vb := []byte(strings.Repeat("_", len(stream)))
	start := a.prev
	typ := start
	cur := stream
	for len(cur) > 0 {
		if len(a.parenType) == 0 {
			a.parenType = []byte{'E'}
		}
		n := 0 // length of the token taken
		var m []string
		switch {
		case avSpace.MatchString(cur):
			tok := avSpace.FindString(cur)
			n = len(tok)
			if strings.Contains(tok, "\n") && a.preprocessor {
				typ = a.pop()
				a.preprocessor = false
			}
		case a.pending == '_' && avCast.MatchString(cur):
			n = len(avCastOpen.FindStringSubmatch(cur)[1])
			a.parenType = append(a.parenType, typ)
			typ = 'c'
		case avDeclare.MatchString(cur):
			n = len(avDeclare.FindStringSubmatch(cur)[1])
			typ = 'T'
		case avModifier.MatchString(cur):
			n = len(avModifier.FindStringSubmatch(cur)[1])
			typ = 'T'
		case avDefine.MatchString(cur):
			m = avDefine.FindStringSubmatch(cur)
			n = len(m[1])
			a.preprocessor = true
			a.parenType = append(a.parenType, typ)
			if m[2] != "" {
				a.pending = 'N'
			}
			typ = 'E'
		case avUndef.MatchString(cur):
			n = len(avUndef.FindString(cur))
			a.preprocessor = true
			a.parenType = append(a.parenType, typ)
		case avIf.MatchString(cur):
			n = len(avIf.FindString(cur))
			a.preprocessor = true
			a.parenType = append(a.parenType, typ, typ)
			typ = 'E'
		case avElse.MatchString(cur):
			n = len(avElse.FindString(cur))
			a.preprocessor = true
			a.parenType = append(a.parenType, a.parenType[len(a.parenType)-1])
			typ = 'E'
		case avEndif.MatchString(cur):
			n = len(avEndif.FindString(cur))
			a.preprocessor = true
			a.pop()
			a.parenType = append(a.parenType, typ)
			typ = 'E'
		case avCont.MatchString(cur):
			n = 2
		case avAttr.MatchString(cur):
			n = len("__attribute__")
			a.pending = typ
			typ = 'N'
		case avSizeof.MatchString(cur):
			m = avSizeof.FindStringSubmatch(cur)
			n = len(m[1])
			if m[2] != "" {
				a.pending = 'V'
			}
			typ = 'N'
		case avCond.MatchString(cur):
			n = len(avCond.FindString(cur))
			a.pending = 'E'
			typ = 'N'
		case avCase.MatchString(cur):
			n = 4
			a.pendColon = 'C'
			typ = 'N'
		case avKeyword.MatchString(cur):
			n = len(avKeyword.FindStringSubmatch(cur)[1])
			typ = 'N'
		case cur[0] == '(':
			n = 1
			a.parenType = append(a.parenType, a.pending)
			a.pending = '_'
			typ = 'N'
		case cur[0] == ')':
			n = 1
			if t := a.pop(); t != '_' {
				typ = t
			}
		case avFunc.MatchString(cur):
			n = len(avFunc.FindStringSubmatch(cur)[1])
			typ = 'V'
			a.pending = 'V'
		case avLabel.MatchString(cur):
			m = avLabel.FindStringSubmatch(cur)
			n = len(m[1])
			if (m[2] != "" && typ == 'C') || typ == 'T' {
				a.pendColon = 'B'
			} else if typ == 'E' {
				a.pendColon = 'L'
			}
			typ = 'V'
		case avValue.MatchString(cur):
			n = len(avValue.FindString(cur))
			typ = 'V'
		case avAssign.MatchString(cur):
			n = len(avAssign.FindString(cur))
			typ = 'N'
		case cur[0] == ';' || cur[0] == '{' || cur[0] == '}':
			n = 1
			typ = 'E'
			a.pendColon = 'O'
		case cur[0] == ',':
			n = 1
			typ = 'C'
		case cur[0] == '?':
			n = 1
			typ = 'N'
		case cur[0] == ':':
			n = 1
			vb[len(res)] = a.pendColon
			if a.pendColon == 'C' || a.pendColon == 'L' {
				typ = 'E'
			} else {
				typ = 'N'
			}
			a.pendColon = 'O'
		case cur[0] == '[':
			n = 1
			typ = 'N'
		case avUnaryable.MatchString(cur) && !strings.HasPrefix(cur, "->") && !strings.HasPrefix(cur, "--") && !strings.HasPrefix(cur, "++"):
			n = len(avUnaryable.FindString(cur))
			if typ == 'V' {
				vb[len(res)] = 'B'
			} else {
				vb[len(res)] = 'U'
			}
			typ = 'N'
		case avOperator.MatchString(cur):
			op := avOperator.FindString(cur)
			n = len(op)
			if op != "++" && op != "--" {
				typ = 'N'
			}
		default:
			n = 1
		}
		for i := 0; i < n; i++ {
			res = append(res, typ)
		}
		cur = cur[n:]
	}
	a.prev = res[len(res)-1]
	return string(start) + string(res), string(vb)
}

func (a *annotator) pop() byte {
	if len(a.parenType) == 0 {
		return 0
	}
	t := a.parenType[len(a.parenType)-1]
	a.parenType = a.parenType[:len(a.parenType)-1]
	return t
}
