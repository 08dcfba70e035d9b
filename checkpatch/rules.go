package checkpatch

// rules is the check table, in the order checkpatch.pl v6.1 runs the same
// checks on a line. A scope narrower than the row before it ends the line
// for files outside it, as checkpatch's "next if ($realfile !~ ...)" does.
var rules = []rule{
	// every hunk line
	{[]string{"DOS_LINE_ENDINGS", "TRAILING_WHITESPACE"}, scopeHunk, trailingWhitespace},
	{[]string{"FSF_MAILING_ADDRESS"}, scopeHunk, fsfAddress},
	{[]string{"SPDX_LICENSE_TAG"}, scopeHunk, spdxTag},
	{[]string{"EMBEDDED_FILENAME"}, scopeHunk, embeddedFilename},

	// source files
	{[]string{"SPDX_LICENSE_TAG"}, scopeSource, misplacedSPDX},
	{[]string{"LONG_LINE", "LONG_LINE_COMMENT", "LONG_LINE_STRING"}, scopeSource, longLine},
	{[]string{"MISSING_EOF_NEWLINE"}, scopeSource, missingEOFNewline},

	// C, headers, perl, device trees
	{[]string{"CODE_INDENT"}, scopeCode, codeIndent},
	{[]string{"SPACE_BEFORE_TAB"}, scopeCode, spaceBeforeTab},
	{[]string{"ASSIGNMENT_CONTINUATIONS"}, scopeCode, assignmentContinuation},
	{[]string{"LOGICAL_CONTINUATIONS"}, scopeCode, logicalContinuation},
	{[]string{"TABSTOP"}, scopeCode, tabstop},
	{[]string{"PARENTHESIS_ALIGNMENT"}, scopeCode, parenthesisAlignment},
	{[]string{"SPACING"}, scopeCode, spaceAfterCast},
	{[]string{"NETWORKING_BLOCK_COMMENT_STYLE"}, scopeCode, networkingBlockComment},
	{[]string{"BLOCK_COMMENT_STYLE"}, scopeCode, blockCommentStyle},
	{[]string{"LINE_SPACING"}, scopeCode, lineSpacing},
	{[]string{"LEADING_SPACE"}, scopeCode, leadingSpace},

	// C and headers
	{nil, scopeC, trackStatements},
	{[]string{"OPEN_ENDED_LINE"}, scopeC, openEndedLine},
	{nil, scopeC, trackFunction},
	{[]string{"UNNECESSARY_ELSE"}, scopeC, unnecessaryElse},
	{[]string{"UNNECESSARY_BREAK"}, scopeC, unnecessaryBreak},
	{[]string{"CVS_KEYWORD"}, scopeC, cvsKeyword},
	{[]string{"HOTPLUG_SECTION"}, scopeC, hotplugSection},
	{[]string{"DEEP_INDENTATION"}, scopeC, deepIndentation},
	{[]string{"OPEN_BRACE"}, scopeC, conditionBrace},
	{nil, scopeC, annotateLine},

	// added lines of C and headers
	{[]string{"OPEN_BRACE"}, scopeAdded, aggregateOpenBrace},
	{[]string{"MALFORMED_INCLUDE", "UAPI_INCLUDE"}, scopeAdded, includePaths},
	{[]string{"C99_COMMENTS"}, scopeAdded, c99Comments},
	{[]string{"POINTER_LOCATION"}, scopeAdded, pointerLocation},
	{[]string{"LINUX_VERSION_CODE"}, scopeAdded, linuxVersionCode},
	{[]string{"PRINTK_RATELIMITED", "PRINTK_WITHOUT_KERN_LEVEL", "PREFER_PR_LEVEL", "PREFER_DEV_LEVEL", "TRACE_PRINTK"}, scopeAdded, printkLevels},
	{[]string{"ENOSYS", "ENOTSUPP"}, scopeAdded, errnoNames},
	{[]string{"OPEN_BRACE", "SPACING"}, scopeAdded, declarationBraces},
	{[]string{"SPACING"}, scopeAdded, functionPointerSpacing},
	{[]string{"BRACKET_SPACE"}, scopeAdded, bracketSpace},
	{[]string{"SPACING"}, scopeAdded, functionNameSpace},
	{[]string{"SPACING"}, scopeAdded, operatorSpacing},
	{[]string{"SPACING", "MULTIPLE_ASSIGNMENTS"}, scopeAdded, punctuationSpacing},
	{[]string{"INDENTED_LABEL"}, scopeAdded, indentedLabel},
	{[]string{"RETURN_PARENTHESES", "SPACING"}, scopeAdded, returnParentheses},
	{[]string{"SPACING", "ASSIGN_IN_IF"}, scopeAdded, conditionChecks},
	{[]string{"ELSE_AFTER_BRACE"}, scopeAdded, elseAfterBrace},
	{[]string{"WHITESPACE_AFTER_LINE_CONTINUATION"}, scopeAdded, continuationWhitespace},
	{[]string{"LINE_CONTINUATIONS"}, scopeAdded, lineContinuations},
	{[]string{"SPLIT_STRING", "MISSING_SPACE", "EMBEDDED_FUNCTION_NAME", "TRACING_LOGGING",
		"QUOTED_WHITESPACE_BEFORE_NEWLINE", "CONCATENATED_STRING"}, scopeAdded, stringChecks},
	{[]string{"PRINTF_L", "PRINTF_Z", "PRINTF_0XDECIMAL", "LINE_CONTINUATIONS", "IF_0", "IF_1"}, scopeAdded, formatChecks},
	{[]string{"UNNECESSARY_KERN_LEVEL", "LOGGING_CONTINUATION"}, scopeAdded, loggingChecks},
	{[]string{"USLEEP_RANGE", "LONG_UDELAY", "MSLEEP"}, scopeAdded, delayChecks},
	{[]string{"SIZEOF_ADDRESS", "SIZEOF_PARENTHESIS"}, scopeAdded, sizeofChecks},
	{[]string{"ALLOC_WITH_MULTIPLY", "KREALLOC_ARG_REUSE", "ALLOC_ARRAY_ARGS", "ONE_SEMICOLON"}, scopeAdded, allocChecks},
	{[]string{"USE_FUNC", "DATE_TIME", "YIELD", "CONSIDER_COMPLETION", "CONSIDER_KSTRTO"}, scopeAdded, apiChecks},
	{nil, scopeAdded, functionDefinition},
}
