package io.cellwatch.edge.sim;

import io.cellwatch.telemetry.CellType;

import java.util.List;

/**
 * The paper's cells (shared/design/SCENARIOS.md; Nano-Micro Letters (2026) 18:135), ready to simulate.
 * Figures the paper gives are quoted as such; every other number is marked *assumed* where it is set.
 *
 * <p>Common to the Li//LFP coin cells: LFP at 3.2 mg cm⁻² on a 14 mm disk (1.54 cm²) → 4.9 mg active
 * mass; nominal capacity 0.78 mAh (the paper's figure, which also defines the 1C current, 0.78 mA);
 * 1C between 2.0 and 4.2 V. Room-temperature resistances are set so that the core–shell cell shows the
 * paper's ≈ 120 mV polarization with its Rct of 26 Ω, then carried to 100 °C by Arrhenius
 * ({@link Kinetics}): the ohmic part ÷ 2.6 (the paper's 0.123 eV), the charge-transfer part ÷ 15
 * (0.35 eV, *assumed*).
 */
public enum Preset {

    /** The paper's hero: stable at 100 °C, 158.7 mAh/g first discharge, 97 % after 100 cycles. */
    CORE_SHELL_100C(new CellDesign(CellType.FULL, Chem.LI_LFP, 100.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            158.7,                        // paper
            Coin.CORE_SHELL_OHMIC_25C, Coin.CORE_SHELL_RCT_25C,
            Ageing.linearFade(0.97, 100), // paper: 97 % at cycle 100; linear shape *assumed*
            0.004,                        // CE ≈ 99.6 % (*assumed*; paper: ≈ 99–100 %)
            Coin.FORMATION_LOSS,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(), Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//GHF@ZIF-8@HKUST-1 core-shell QSSE//LFP coin cell, 1C at 100 °C: 158.7 mAh/g, 97 % after 100 cycles")),

    /** HKUST-1 shell only: fine until a dendrite short after 28 cycles (paper), i.e. in cycle 29. */
    HKUST1_100C(new CellDesign(CellType.FULL, Chem.LI_LFP, 100.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            152.0,                        // *assumed*: a little below core-shell
            55.0, 35.0,                   // *assumed*: slow de-solvation at the interface → higher Rct
            Ageing.linearFade(0.95, 100).withResistanceGrowth(0.002), // *assumed*
            0.006,                        // CE ≈ 99.4 % (*assumed*)
            Coin.FORMATION_LOSS,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(new Fault.HardShort(29)), // paper: "short circuited after only 28 cycles"
            Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//GHF@HKUST-1 QSSE//LFP coin cell, 1C at 100 °C: dendrite short after 28 cycles")),

    /** ZIF-8 core only: rising polarization and rapid fade after ≈ 50 cycles (paper). */
    ZIF8_100C(new CellDesign(CellType.FULL, Chem.LI_LFP, 100.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            148.0,                        // *assumed*
            75.0, 45.0,                   // *assumed*: poor interfacial wetting → higher resistance
            // *assumed* shape: slow fade, then a knee at cycle 50 reaching ≈ 60 % at cycle 100;
            // resistance +0.3 %/cycle, then quadratic after the knee (+25 % by cycle ≈ 57)
            new Ageing(0.0005, 50, 1.4e-4, 0.003, 0.002, 0, 1),
            0.005,                        // CE ≈ 99.5 % (*assumed*)
            Coin.FORMATION_LOSS,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(), Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//GHF@ZIF-8 QSSE//LFP coin cell, 1C at 100 °C: polarization rises and capacity fades fast after ~50 cycles")),

    /** Glass fibre + liquid electrolyte at 100 °C: ≈ 100 mAh/g, then a short (paper). */
    GF_LE_100C(new CellDesign(CellType.FULL, Chem.LI_LFP, 100.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            100.0,                        // paper: "only about 100 mAh/g before short circuiting"
            90.0, 60.0,                   // *assumed*: decomposing electrolyte, thick resistive interphase
            Ageing.NONE,
            0.05,                         // *assumed*: the electrolyte keeps decomposing
            0.20,                         // *assumed*: cycle 1 CE ≈ 80 % (PC decomposes above 100 °C, paper TGA)
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(new Fault.HardShort(2)), // paper: "failed immediately"; short in the 2nd charge *assumed*
            Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//GF+1 M LiTFSI in PC//LFP coin cell, 1C at 100 °C: ~100 mAh/g, then short circuit")),

    /** Core–shell at room temperature: ≈ 149 mAh/g after 100 cycles, CE > 99 %, ≈ 120 mV, Rct 26 Ω. */
    CORE_SHELL_RT(new CellDesign(CellType.FULL, Chem.LI_LFP, 25.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            155.0,                        // *assumed* first discharge; paper gives only cycle 100
            Coin.CORE_SHELL_OHMIC_25C, Coin.CORE_SHELL_RCT_25C,
            Ageing.linearFade(149.0 / 155.0, 100), // paper: ≈ 149 mAh/g at cycle 100
            0.003,                        // CE ≈ 99.7 % (paper: > 99 %)
            Coin.FORMATION_LOSS,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(), Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//core-shell QSSE//LFP coin cell, 1C at room temperature: ~149 mAh/g after 100 cycles, ~120 mV polarization")),

    /** GF + LE at room temperature: ≈ 128 mAh/g after 100 cycles, polarization > 170 mV after 10, Rct 42 Ω. */
    GF_LE_RT(new CellDesign(CellType.FULL, Chem.LI_LFP, 25.0,
            Coin.NOMINAL_AH, Coin.ACTIVE_MASS_G, Coin.AREA_CM2,
            146.0,                        // *assumed* first discharge; paper gives only cycle 100
            // Rct 42 Ω is the paper's; 57 Ω ohmic (*assumed*) gives ≈ 150 mV polarization at cycle 1,
            // and 20 % early SEI growth lifts it past 170 mV by cycle 10 (paper: > 170 mV after 10).
            57.0, 42.0,
            Ageing.linearFade(128.0 / 146.0, 100).withEarlyResistanceGrowth(0.20, 4).withResistanceGrowth(0.001),
            0.008,                        // CE ≈ 99.2 % (*assumed*)
            0.02,                         // *assumed*
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(), Protocol.fullCell(Coin.NOMINAL_AH, 1.0),
            "Li//GF+LE//LFP coin cell, 1C at room temperature: ~128 mAh/g after 100 cycles, >170 mV polarization")),

    /** Li//Li with the core–shell QSSE, 1 mA cm⁻², 1 h half-cycles at RT: > 850 h stable (paper). */
    SYMMETRIC_CORE_SHELL(new CellDesign(CellType.SYMMETRIC, Chem.LI_LI, 25.0,
            Sym.NOMINAL_AH, null, Coin.AREA_CM2, null,
            // *assumed*: 25 Ω bulk (≈ 100 µm at the paper's 2.43e-4 S/cm over 1.54 cm² gives 27 Ω)
            // and 20 Ω for the two Li interfaces → ≈ 68 mV at 1.54 mA
            25.0, 20.0,
            Ageing.NONE.withResistanceGrowth(7e-5), // *assumed*: +3 % over 850 h (425 cycles)
            0, 0,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(), Sym.PROTOCOL,
            "Li//core-shell QSSE//Li symmetric coin cell, 1 mA/cm2, 1 h half-cycles at RT: stable > 850 h")),

    /** Li//Li that shorts (*assumed*: GF + LE at 100 °C): soft short from ≈ 30 h, hard short at ≈ 60 h. */
    SYMMETRIC_SHORT_100C(new CellDesign(CellType.SYMMETRIC, Chem.LI_LI, 100.0,
            Sym.NOMINAL_AH, null, Coin.AREA_CM2, null,
            40.0, 40.0,                   // *assumed* → ≈ 28 mV at 100 °C
            Ageing.NONE.withResistanceGrowth(0.005), // *assumed*: dead Li and SEI pile up
            0, 0,
            CellDesign.COIN_CELL_THERMAL_RESISTANCE_K_PER_W, CellDesign.COIN_CELL_THERMAL_TIME_CONSTANT_S,
            List.of(new Fault.SoftShort(16), new Fault.HardShort(31)), // *assumed*: from 30 h and 60 h
            Sym.PROTOCOL,
            "Li//GF+LE//Li symmetric coin cell, 1 mA/cm2 at 100 °C: dendrites, soft then hard short (assumed)")),

    /**
     * Core–shell pouch cell, 6.80 mAh (paper). The paper's pouch is graphite//LFP (Fig. 6k); SCENARIOS.md
     * models it as the same Li//LFP chemistry, and so does this preset. Room temperature *assumed*.
     */
    POUCH_CORE_SHELL(new CellDesign(CellType.FULL, Chem.LI_LFP, 25.0,
            Pouch.NOMINAL_AH, Pouch.ACTIVE_MASS_G, Pouch.AREA_CM2,
            Pouch.SPECIFIC_MAH_PER_G,
            // same materials over 8.7× the area: resistances ÷ 8.7, so the same current density
            // gives the same ≈ 120 mV polarization
            Coin.CORE_SHELL_OHMIC_25C * Coin.AREA_CM2 / Pouch.AREA_CM2,
            Coin.CORE_SHELL_RCT_25C * Coin.AREA_CM2 / Pouch.AREA_CM2,
            Ageing.linearFade(149.0 / 155.0, 100), // as the RT coin cell (*assumed*)
            0.003, Coin.FORMATION_LOSS,
            15.0, 200.0,                  // *assumed*: thin pouch on a plate, ~10 g
            List.of(), Protocol.fullCell(Pouch.NOMINAL_AH, 1.0),
            "Core-shell QSSE LFP pouch cell (modelled as Li//LFP), 6.80 mAh, 1C at room temperature"));

    private final CellDesign design;

    Preset(CellDesign design) {
        this.design = design;
    }

    public CellType cellType() {
        return design.cellType();
    }

    /** Nominal capacity in Ah (0.78 mAh coin cell = 0.00078); for symmetric cells, one half-cycle. */
    public double nominalCapacityAh() {
        return design.nominalCapacityAh();
    }

    /** Active (LFP) mass in grams; null for symmetric cells. */
    public Double activeMassG() {
        return design.activeMassG();
    }

    public double electrodeAreaCm2() {
        return design.electrodeAreaCm2();
    }

    public double chamberSetpointC() {
        return design.chamberSetpointC();
    }

    public String description() {
        return design.description();
    }

    /** {@code "Li||LFP"} or {@code "Li||Li"}. */
    public String chemistry() {
        return design.chemistry();
    }

    /** What the first 1C discharge delivers, mAh/g; null for symmetric cells. */
    public Double firstDischargeMahPerG() {
        return design.firstDischargeMahPerG();
    }

    /** The cycler protocol this preset runs by default. */
    public Protocol protocol() {
        return design.protocol();
    }

    /** The faults the paper saw in this cell (e.g. HKUST-1's short in cycle 29); every cell of the preset gets them. */
    public List<Fault> builtInFaults() {
        return design.builtInFaults();
    }

    CellDesign design() {
        return design;
    }

    /** Chemistry labels for {@link io.cellwatch.telemetry.CellMetadata#chemistry()}. */
    private static final class Chem {
        static final String LI_LFP = "Li||LFP";
        static final String LI_LI = "Li||Li";
    }

    /** The paper's CR2032 Li//LFP coin cell. */
    private static final class Coin {
        /** 14 mm disk: π·0.7² cm² (paper). */
        static final double AREA_CM2 = 1.54;
        /** 3.2 mg/cm² × 1.54 cm² ≈ 4.9 mg (paper). */
        static final double ACTIVE_MASS_G = 0.0049;
        /** 0.78 mAh (paper); also defines the 1C current. */
        static final double NOMINAL_AH = 0.00078;
        /**
         * Core–shell QSSE at 25 °C: Rct 26 Ω (paper); the ohmic rest of the ≈ 60 mV overpotential
         * (half the paper's ≈ 120 mV polarization) at 0.78 mA, 51 Ω (*assumed* split).
         */
        static final double CORE_SHELL_RCT_25C = 26.0;
        static final double CORE_SHELL_OHMIC_25C = 51.0;
        /** Extra charge lost in cycle 1 while SEI and CEI form: first-cycle CE ≈ 98.5 % (*assumed*). */
        static final double FORMATION_LOSS = 0.015;
    }

    /** The paper's Li//Li symmetric coin cell: 1 mA cm⁻² for 1 h each way. */
    private static final class Sym {
        /** 1 mAh/cm² × 1.54 cm² (electrode area as the coin cell's, *assumed*): one half-cycle. */
        static final double NOMINAL_AH = 0.00154;
        static final Protocol PROTOCOL = Protocol.symmetricCell(Coin.AREA_CM2, 1.0, 3600.0);
    }

    /** The paper's pouch cell: 6.80 mAh. */
    private static final class Pouch {
        static final double NOMINAL_AH = 0.0068;
        /** As the RT coin cell's first discharge (*assumed*); fixes the active mass below. */
        static final double SPECIFIC_MAH_PER_G = 155.0;
        /** 6.80 mAh ÷ 155 mAh/g ≈ 43.9 mg (*assumed*, derived). */
        static final double ACTIVE_MASS_G = 6.80 / SPECIFIC_MAH_PER_G;
        /** Same loading as the coin cell: 1.54 cm² × 6.80/0.78 ≈ 13.4 cm² (*assumed*, derived). */
        static final double AREA_CM2 = 1.54 * 6.80 / 0.78;
    }
}
