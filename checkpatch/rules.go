package checkpatch

// rules is the check table, in the order checkpatch.pl v6.1 runs the same
// checks on a line. A scope narrower than the row before it ends the line
// for files outside it, as checkpatch's "next if ($realfile !~ ...)" does.
var rules = []rule{
	// every hunk line
	{[]string{"DOS_LINE_ENDINGS", "TRAILING_WHITESPACE"}, scopeHunk, trailingWhitespace, true},
	{[]string{"FSF_MAILING_ADDRESS"}, scopeHunk, fsfAddress, false},
	{[]string{"SPDX_LICENSE_TAG"}, scopeHunk, spdxTag, false},
	{[]string{"EMBEDDED_FILENAME"}, scopeHunk, embeddedFilename, true},

	// source files
	{[]string{"SPDX_LICENSE_TAG"}, scopeSource, misplacedSPDX, false},
	{[]string{"LONG_LINE", "LONG_LINE_COMMENT", "LONG_LINE_STRING"}, scopeSource, longLine, true},
	{[]string{"MISSING_EOF_NEWLINE"}, scopeSource, missingEOFNewline, true},

	// C, headers, perl, device trees
	{[]string{"CODE_INDENT"}, scopeCode, codeIndent, true},
	{[]string{"SPACE_BEFORE_TAB"}, scopeCode, spaceBeforeTab, true},
	{[]string{"ASSIGNMENT_CONTINUATIONS"}, scopeCode, assignmentContinuation, true},
	{[]string{"LOGICAL_CONTINUATIONS"}, scopeCode, logicalContinuation, true},
	{[]string{"TABSTOP"}, scopeCode, tabstop, true},
	{[]string{"PARENTHESIS_ALIGNMENT"}, scopeCode, parenthesisAlignment, false},
	{[]string{"SPACING"}, scopeCode, spaceAfterCast, true},
	{[]string{"NETWORKING_BLOCK_COMMENT_STYLE"}, scopeCode, networkingBlockComment, true},
	{[]string{"BLOCK_COMMENT_STYLE"}, scopeCode, blockCommentStyle, true},
	{[]string{"LINE_SPACING"}, scopeCode, lineSpacing, true},
	{[]string{"LEADING_SPACE"}, scopeCode, leadingSpace, true},

	// C and headers
	{nil, scopeC, trackStatements, false},
	{[]string{"OPEN_ENDED_LINE"}, scopeC, openEndedLine, true},
	{nil, scopeC, trackFunction, true},
	{[]string{"UNNECESSARY_ELSE"}, scopeC, unnecessaryElse, true},
	{[]string{"UNNECESSARY_BREAK"}, scopeC, unnecessaryBreak, true},
	{[]string{"CVS_KEYWORD"}, scopeC, cvsKeyword, true},
	{[]string{"HOTPLUG_SECTION"}, scopeC, hotplugSection, false},
	{[]string{"DEEP_INDENTATION"}, scopeC, deepIndentation, true},
	{[]string{"OPEN_BRACE"}, scopeC, conditionBrace, false},
	{nil, scopeC, annotateLine, false},

	// added lines of C and headers
	{[]string{"OPEN_BRACE"}, scopeAdded, aggregateOpenBrace, true},
	{[]string{"MALFORMED_INCLUDE", "UAPI_INCLUDE"}, scopeAdded, includePaths, true},
	{[]string{"C99_COMMENTS"}, scopeAdded, c99Comments, true},
	{[]string{"POINTER_LOCATION"}, scopeAdded, pointerLocation, true},
	{[]string{"LINUX_VERSION_CODE"}, scopeAdded, linuxVersionCode, true},
	{[]string{"PRINTK_RATELIMITED", "PRINTK_WITHOUT_KERN_LEVEL", "PREFER_PR_LEVEL", "PREFER_DEV_LEVEL", "TRACE_PRINTK"}, scopeAdded, printkLevels, true},
	{[]string{"ENOSYS", "ENOTSUPP"}, scopeAdded, errnoNames, true},
	{[]string{"OPEN_BRACE", "SPACING"}, scopeAdded, declarationBraces, true},
	{[]string{"SPACING"}, scopeAdded, functionPointerSpacing, true},
	{[]string{"BRACKET_SPACE"}, scopeAdded, bracketSpace, true},
	{[]string{"SPACING"}, scopeAdded, functionNameSpace, true},
	{[]string{"SPACING"}, scopeAdded, operatorSpacing, true},
	{[]string{"SPACING", "MULTIPLE_ASSIGNMENTS"}, scopeAdded, punctuationSpacing, true},
	{[]string{"INDENTED_LABEL"}, scopeAdded, indentedLabel, true},
	{[]string{"RETURN_PARENTHESES", "SPACING"}, scopeAdded, returnParentheses, true},
	{[]string{"SPACING", "ASSIGN_IN_IF"}, scopeAdded, conditionChecks, true},
	{[]string{"ELSE_AFTER_BRACE"}, scopeAdded, elseAfterBrace, true},
	{[]string{"WHITESPACE_AFTER_LINE_CONTINUATION"}, scopeAdded, continuationWhitespace, true},
	{[]string{"LINE_CONTINUATIONS"}, scopeAdded, lineContinuations, true},
	{[]string{"SPLIT_STRING", "MISSING_SPACE", "EMBEDDED_FUNCTION_NAME", "TRACING_LOGGING",
		"QUOTED_WHITESPACE_BEFORE_NEWLINE", "CONCATENATED_STRING"}, scopeAdded, stringChecks, true},
	{[]string{"PRINTF_L", "PRINTF_Z", "PRINTF_0XDECIMAL", "LINE_CONTINUATIONS", "IF_0", "IF_1"}, scopeAdded, formatChecks, true},
	{[]string{"UNNECESSARY_KERN_LEVEL", "LOGGING_CONTINUATION"}, scopeAdded, loggingChecks, true},
	{[]string{"USLEEP_RANGE", "LONG_UDELAY", "MSLEEP"}, scopeAdded, delayChecks, true},
	{[]string{"SIZEOF_ADDRESS", "SIZEOF_PARENTHESIS"}, scopeAdded, sizeofChecks, true},
	{[]string{"ALLOC_WITH_MULTIPLY", "KREALLOC_ARG_REUSE", "ALLOC_ARRAY_ARGS", "ONE_SEMICOLON"}, scopeAdded, allocChecks, true},
	{[]string{"USE_FUNC", "DATE_TIME", "YIELD", "CONSIDER_COMPLETION", "CONSIDER_KSTRTO"}, scopeAdded, apiChecks, true},
	{nil, scopeAdded, functionDefinition, true},
}
