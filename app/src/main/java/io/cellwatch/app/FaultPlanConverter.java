package io.cellwatch.app;

import io.cellwatch.edge.fleet.FaultPlan;
import picocli.CommandLine;

/** {@code --fault ch003:hard-short@29}: picocli turns a bad spec into a usage error with FaultPlan's explanation. */
final class FaultPlanConverter implements CommandLine.ITypeConverter<FaultPlan> {
    @Override
    public FaultPlan convert(String value) {
        try {
            return FaultPlan.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
