package dev.sesame.receipt;

/** The industry's scanner test signatures, written out here on their own rather than taken from the scanner. */
final class ContentScannerTestStrings {

    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    private ContentScannerTestStrings() {
    }
}
