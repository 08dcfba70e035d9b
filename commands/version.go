package commands

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(version string) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print go-edit's version and build",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(cmd.OutOrStdout(), "go-edit %s (%s, %s/%s%s)\n",
				version, runtime.Version(), runtime.GOOS, runtime.GOARCH, buildFlavour)
			return err
		},
	}
}
