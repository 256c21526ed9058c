// Generated from idl/loss_mutualization.json by scripts/gen-idl-types.mjs. Do not edit.
export type LossMutualization = {
  "address": "Di3UDXSCj6LcP92k42SkGQHciEjS6hQ7Dyd6RTPFgupr",
  "metadata": {
    "name": "lossMutualization",
    "version": "0.1.0",
    "spec": "0.1.0",
    "description": "Loss mutualization for derivatives exchanges: insurance fund, proportional clawback, principal haircut"
  },
  "instructions": [
    {
      "name": "acceptAdmin",
      "discriminator": [
        112,
        42,
        45,
        90,
        116,
        181,
        13,
        170
      ],
      "accounts": [
        {
          "name": "pendingAdmin",
          "signer": true
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "applyPnl",
      "discriminator": [
        61,
        10,
        212,
        253,
        72,
        113,
        238,
        25
      ],
      "accounts": [
        {
          "name": "clearingAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "winner",
            "loser"
          ]
        },
        {
          "name": "winner",
          "writable": true
        },
        {
          "name": "loser",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "applyPnlArgs"
            }
          }
        }
      ]
    },
    {
      "name": "cancelUnstake",
      "discriminator": [
        64,
        65,
        53,
        227,
        125,
        153,
        3,
        167
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "relations": [
            "market"
          ]
        },
        {
          "name": "stake",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "deposit",
      "discriminator": [
        242,
        35,
        198,
        137,
        82,
        225,
        242,
        182
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "ownerTokenAccount",
          "docs": [
            "The wallet's token account (any owner may pay in; only the wallet's own can be paid out",
            "to, which the token program's authority check and `withdraw` enforce)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "depositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "drawInsuranceFund",
      "discriminator": [
        231,
        229,
        81,
        161,
        250,
        45,
        215,
        73
      ],
      "accounts": [
        {
          "name": "riskAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "record"
          ]
        },
        {
          "name": "record",
          "writable": true
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": []
    },
    {
      "name": "fundInsurance",
      "discriminator": [
        58,
        216,
        37,
        162,
        201,
        50,
        20,
        66
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "payerTokenAccount",
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "insuranceDepositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "initializeMarket",
      "discriminator": [
        35,
        35,
        189,
        193,
        155,
        48,
        170,
        203
      ],
      "accounts": [
        {
          "name": "admin",
          "docs": [
            "Pays for the accounts and becomes the admin."
          ],
          "writable": true,
          "signer": true
        },
        {
          "name": "collateralMint"
        },
        {
          "name": "market",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  109,
                  97,
                  114,
                  107,
                  101,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "collateralMint"
              },
              {
                "kind": "arg",
                "path": "args.marketId"
              }
            ]
          }
        },
        {
          "name": "collateralVault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  99,
                  111,
                  108,
                  108,
                  97,
                  116,
                  101,
                  114,
                  97,
                  108,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  105,
                  110,
                  115,
                  117,
                  114,
                  97,
                  110,
                  99,
                  101,
                  95,
                  102,
                  117,
                  110,
                  100
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "insuranceVault",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  105,
                  110,
                  115,
                  117,
                  114,
                  97,
                  110,
                  99,
                  101,
                  95,
                  118,
                  97,
                  117,
                  108,
                  116
                ]
              },
              {
                "kind": "account",
                "path": "market"
              }
            ]
          }
        },
        {
          "name": "tokenProgram"
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "initializeMarketArgs"
            }
          }
        }
      ]
    },
    {
      "name": "openPosition",
      "discriminator": [
        135,
        128,
        47,
        77,
        15,
        152,
        240,
        49
      ],
      "accounts": [
        {
          "name": "owner",
          "writable": true,
          "signer": true
        },
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "position",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  112,
                  111,
                  115,
                  105,
                  116,
                  105,
                  111,
                  110
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "owner"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "recordShortfall",
      "discriminator": [
        59,
        232,
        239,
        238,
        116,
        20,
        45,
        234
      ],
      "accounts": [
        {
          "name": "payer",
          "writable": true,
          "signer": true
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "record",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  104,
                  111,
                  114,
                  116,
                  102,
                  97,
                  108,
                  108
                ]
              },
              {
                "kind": "account",
                "path": "market"
              },
              {
                "kind": "account",
                "path": "market.shortfallSeq",
                "account": "market"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": []
    },
    {
      "name": "releaseProfit",
      "discriminator": [
        130,
        148,
        170,
        81,
        193,
        135,
        227,
        235
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "requestUnstake",
      "discriminator": [
        44,
        154,
        110,
        253,
        160,
        202,
        54,
        34
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "relations": [
            "market"
          ]
        },
        {
          "name": "stake",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "requestUnstakeArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setAuthorities",
      "discriminator": [
        124,
        254,
        44,
        240,
        197,
        70,
        190,
        107
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setAuthoritiesArgs"
            }
          }
        }
      ]
    },
    {
      "name": "setPause",
      "discriminator": [
        63,
        32,
        154,
        2,
        56,
        103,
        79,
        45
      ],
      "accounts": [
        {
          "name": "authority",
          "signer": true
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "setPauseArgs"
            }
          }
        }
      ]
    },
    {
      "name": "settleClawback",
      "discriminator": [
        145,
        155,
        122,
        246,
        137,
        98,
        166,
        63
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        }
      ],
      "args": []
    },
    {
      "name": "socializeLoss",
      "discriminator": [
        245,
        75,
        91,
        0,
        236,
        97,
        19,
        3
      ],
      "accounts": [
        {
          "name": "riskAuthority",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "record"
          ]
        },
        {
          "name": "record",
          "writable": true
        },
        {
          "name": "collateralVault",
          "docs": [
            "Read for the solvency check."
          ],
          "relations": [
            "market"
          ]
        }
      ],
      "args": []
    },
    {
      "name": "stake",
      "discriminator": [
        206,
        176,
        202,
        18,
        200,
        209,
        179,
        108
      ],
      "accounts": [
        {
          "name": "deposit",
          "accounts": [
            {
              "name": "payer",
              "writable": true,
              "signer": true
            },
            {
              "name": "market"
            },
            {
              "name": "insuranceFund",
              "writable": true,
              "relations": [
                "market"
              ]
            },
            {
              "name": "insuranceVault",
              "writable": true
            },
            {
              "name": "collateralMint",
              "relations": [
                "market"
              ]
            },
            {
              "name": "payerTokenAccount",
              "writable": true
            },
            {
              "name": "tokenProgram"
            }
          ]
        },
        {
          "name": "stake",
          "writable": true,
          "pda": {
            "seeds": [
              {
                "kind": "const",
                "value": [
                  115,
                  116,
                  97,
                  107,
                  101
                ]
              },
              {
                "kind": "account",
                "path": "deposit.insuranceFund",
                "account": "insuranceDeposit"
              },
              {
                "kind": "account",
                "path": "deposit.payer",
                "account": "insuranceDeposit"
              }
            ]
          }
        },
        {
          "name": "systemProgram",
          "address": "11111111111111111111111111111111"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "insuranceDepositArgs"
            }
          }
        }
      ]
    },
    {
      "name": "sweepDust",
      "discriminator": [
        9,
        49,
        242,
        88,
        156,
        84,
        109,
        15
      ],
      "accounts": [
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": []
    },
    {
      "name": "transferAdmin",
      "discriminator": [
        42,
        242,
        66,
        106,
        228,
        10,
        111,
        156
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "transferAdminArgs"
            }
          }
        }
      ]
    },
    {
      "name": "unstake",
      "discriminator": [
        90,
        95,
        107,
        42,
        205,
        124,
        50,
        225
      ],
      "accounts": [
        {
          "name": "staker",
          "signer": true,
          "relations": [
            "stake"
          ]
        },
        {
          "name": "market"
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "insuranceVault",
          "writable": true
        },
        {
          "name": "stake",
          "writable": true
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "stakerTokenAccount",
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": []
    },
    {
      "name": "updateParams",
      "discriminator": [
        108,
        178,
        190,
        95,
        94,
        203,
        116,
        20
      ],
      "accounts": [
        {
          "name": "admin",
          "signer": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "market",
          "writable": true
        },
        {
          "name": "insuranceFund",
          "writable": true,
          "relations": [
            "market"
          ]
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "updateParamsArgs"
            }
          }
        }
      ]
    },
    {
      "name": "withdraw",
      "discriminator": [
        183,
        18,
        70,
        156,
        148,
        109,
        161,
        34
      ],
      "accounts": [
        {
          "name": "owner",
          "signer": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "market",
          "writable": true,
          "relations": [
            "position"
          ]
        },
        {
          "name": "position",
          "writable": true
        },
        {
          "name": "collateralMint",
          "relations": [
            "market"
          ]
        },
        {
          "name": "collateralVault",
          "writable": true,
          "relations": [
            "market"
          ]
        },
        {
          "name": "ownerTokenAccount",
          "docs": [
            "The wallet's token account (any owner may pay in; only the wallet's own can be paid out",
            "to, which the token program's authority check and `withdraw` enforce)."
          ],
          "writable": true
        },
        {
          "name": "tokenProgram"
        }
      ],
      "args": [
        {
          "name": "args",
          "type": {
            "defined": {
              "name": "withdrawArgs"
            }
          }
        }
      ]
    }
  ],
  "accounts": [
    {
      "name": "insuranceFund",
      "discriminator": [
        43,
        134,
        170,
        87,
        102,
        16,
        142,
        147
      ]
    },
    {
      "name": "insuranceStake",
      "discriminator": [
        110,
        110,
        233,
        160,
        124,
        191,
        45,
        161
      ]
    },
    {
      "name": "market",
      "discriminator": [
        219,
        190,
        213,
        55,
        0,
        227,
        198,
        154
      ]
    },
    {
      "name": "shortfallRecord",
      "discriminator": [
        253,
        36,
        63,
        238,
        84,
        5,
        128,
        83
      ]
    },
    {
      "name": "userPosition",
      "discriminator": [
        251,
        248,
        209,
        245,
        83,
        234,
        17,
        27
      ]
    }
  ],
  "events": [
    {
      "name": "adminTransferStarted",
      "discriminator": [
        31,
        82,
        117,
        177,
        147,
        168,
        210,
        177
      ]
    },
    {
      "name": "adminTransferred",
      "discriminator": [
        255,
        147,
        182,
        5,
        199,
        217,
        38,
        179
      ]
    },
    {
      "name": "authoritiesSet",
      "discriminator": [
        19,
        70,
        118,
        88,
        8,
        9,
        226,
        144
      ]
    },
    {
      "name": "deposited",
      "discriminator": [
        111,
        141,
        26,
        45,
        161,
        35,
        100,
        57
      ]
    },
    {
      "name": "dustSwept",
      "discriminator": [
        131,
        70,
        179,
        205,
        208,
        80,
        13,
        168
      ]
    },
    {
      "name": "insuranceDrawn",
      "discriminator": [
        247,
        66,
        11,
        63,
        111,
        58,
        96,
        84
      ]
    },
    {
      "name": "insuranceFunded",
      "discriminator": [
        158,
        72,
        23,
        80,
        138,
        56,
        33,
        206
      ]
    },
    {
      "name": "lossSocialized",
      "discriminator": [
        60,
        250,
        234,
        80,
        52,
        189,
        72,
        147
      ]
    },
    {
      "name": "marketInitialized",
      "discriminator": [
        134,
        160,
        122,
        87,
        50,
        3,
        255,
        81
      ]
    },
    {
      "name": "paramsUpdated",
      "discriminator": [
        2,
        163,
        138,
        99,
        135,
        11,
        136,
        169
      ]
    },
    {
      "name": "pauseSet",
      "discriminator": [
        175,
        57,
        198,
        136,
        192,
        66,
        204,
        73
      ]
    },
    {
      "name": "pnlApplied",
      "discriminator": [
        69,
        214,
        251,
        158,
        204,
        110,
        147,
        253
      ]
    },
    {
      "name": "positionOpened",
      "discriminator": [
        237,
        175,
        243,
        230,
        147,
        117,
        101,
        121
      ]
    },
    {
      "name": "positionSettled",
      "discriminator": [
        75,
        100,
        92,
        189,
        245,
        116,
        252,
        221
      ]
    },
    {
      "name": "profitReleased",
      "discriminator": [
        114,
        224,
        138,
        69,
        31,
        189,
        212,
        150
      ]
    },
    {
      "name": "shortfallRecorded",
      "discriminator": [
        249,
        230,
        31,
        69,
        159,
        34,
        8,
        147
      ]
    },
    {
      "name": "staked",
      "discriminator": [
        11,
        146,
        45,
        205,
        230,
        58,
        213,
        240
      ]
    },
    {
      "name": "unstakeCancelled",
      "discriminator": [
        102,
        223,
        189,
        101,
        201,
        223,
        180,
        38
      ]
    },
    {
      "name": "unstakeRequested",
      "discriminator": [
        21,
        253,
        177,
        85,
        129,
        206,
        42,
        152
      ]
    },
    {
      "name": "unstaked",
      "discriminator": [
        27,
        179,
        156,
        215,
        47,
        71,
        195,
        7
      ]
    },
    {
      "name": "withdrawn",
      "discriminator": [
        20,
        89,
        223,
        198,
        194,
        124,
        219,
        13
      ]
    }
  ],
  "errors": [
    {
      "code": 6000,
      "name": "mathOverflow",
      "msg": "Arithmetic overflow or underflow"
    },
    {
      "code": 6001,
      "name": "lossExceedsPool",
      "msg": "A loss larger than the pool it is charged to"
    },
    {
      "code": 6002,
      "name": "invalidSnapshot",
      "msg": "A loss index snapshot from the future or with a zero factor"
    },
    {
      "code": 6003,
      "name": "lossExceedsCapital",
      "msg": "The loss exceeds all at-risk profit and principal in the market"
    },
    {
      "code": 6004,
      "name": "invariantViolated",
      "msg": "An account invariant does not hold"
    },
    {
      "code": 6005,
      "name": "vaultInsolvent",
      "msg": "The collateral vault holds less than the positions can claim"
    },
    {
      "code": 6006,
      "name": "notAdmin",
      "msg": "Signer is not the market admin"
    },
    {
      "code": 6007,
      "name": "notPendingAdmin",
      "msg": "Signer is not the pending admin"
    },
    {
      "code": 6008,
      "name": "noPendingAdmin",
      "msg": "No admin transfer is pending"
    },
    {
      "code": 6009,
      "name": "notRiskAuthority",
      "msg": "Signer is not the market's risk authority"
    },
    {
      "code": 6010,
      "name": "notClearingAuthority",
      "msg": "Signer is not the market's clearing authority"
    },
    {
      "code": 6011,
      "name": "notPositionOwner",
      "msg": "Signer does not own this position"
    },
    {
      "code": 6012,
      "name": "notStaker",
      "msg": "Signer does not own this stake"
    },
    {
      "code": 6013,
      "name": "unpauseNotAllowed",
      "msg": "Only the admin may lift a pause"
    },
    {
      "code": 6014,
      "name": "wrongMarket",
      "msg": "Account belongs to another market"
    },
    {
      "code": 6015,
      "name": "wrongMint",
      "msg": "Mint is not the market's collateral mint"
    },
    {
      "code": 6016,
      "name": "wrongVault",
      "msg": "Vault is not the market's PDA vault"
    },
    {
      "code": 6017,
      "name": "wrongInsuranceFund",
      "msg": "Insurance fund is not the market's"
    },
    {
      "code": 6018,
      "name": "wrongTokenProgram",
      "msg": "Token program does not own the collateral mint"
    },
    {
      "code": 6019,
      "name": "wrongShortfallRecord",
      "msg": "Shortfall record does not belong to this position or market"
    },
    {
      "code": 6020,
      "name": "operationPaused",
      "msg": "This operation is paused"
    },
    {
      "code": 6021,
      "name": "clawbackPending",
      "msg": "A clawback or haircut is pending: settle first"
    },
    {
      "code": 6022,
      "name": "lossResolutionPending",
      "msg": "A shortfall is not yet resolved: withdrawals wait until it is"
    },
    {
      "code": 6023,
      "name": "profitNotMature",
      "msg": "Profit is still at risk until its maturity time"
    },
    {
      "code": 6024,
      "name": "noProfitToRelease",
      "msg": "No at-risk profit to release"
    },
    {
      "code": 6025,
      "name": "positionBankrupt",
      "msg": "Position has negative equity: record the shortfall first"
    },
    {
      "code": 6026,
      "name": "positionNotBankrupt",
      "msg": "Position equity is not negative"
    },
    {
      "code": 6027,
      "name": "recordWrongState",
      "msg": "Shortfall record is in the wrong state for this step"
    },
    {
      "code": 6028,
      "name": "zeroAmount",
      "msg": "Amount must be greater than zero"
    },
    {
      "code": 6029,
      "name": "insufficientPrincipal",
      "msg": "Amount exceeds the position's principal"
    },
    {
      "code": 6030,
      "name": "invalidParameter",
      "msg": "Parameter is zero or out of range"
    },
    {
      "code": 6031,
      "name": "transferAmountMismatch",
      "msg": "The token transfer moved a different amount (transfer fees are not supported)"
    },
    {
      "code": 6032,
      "name": "zeroShares",
      "msg": "Stake is too small to mint a share"
    },
    {
      "code": 6033,
      "name": "insufficientShares",
      "msg": "Not enough unlocked shares"
    },
    {
      "code": 6034,
      "name": "unstakeAlreadyPending",
      "msg": "An unstake request is already pending"
    },
    {
      "code": 6035,
      "name": "noUnstakePending",
      "msg": "No unstake request is pending"
    },
    {
      "code": 6036,
      "name": "unstakeLocked",
      "msg": "Unstake request is still locked"
    },
    {
      "code": 6037,
      "name": "nothingToSweep",
      "msg": "No dust to sweep"
    }
  ],
  "types": [
    {
      "name": "adminTransferStarted",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "pendingAdmin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "adminTransferred",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "previousAdmin",
            "type": "pubkey"
          },
          {
            "name": "admin",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "applyPnlArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "docs": [
              "Realized PnL moved from the loser to the winner."
            ],
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "authoritiesSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "depositArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "deposited",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "dustSwept",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "initializeMarketArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          },
          {
            "name": "params",
            "type": {
              "defined": {
                "name": "marketParams"
              }
            }
          }
        ]
      }
    },
    {
      "name": "insuranceDepositArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "insuranceDrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "record",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "remainingShortfall",
            "type": "u64"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          },
          {
            "name": "totalShares",
            "docs": [
              "Zero, with a new `share_epoch`, when the draw wiped the fund out and retired its shares."
            ],
            "type": "u128"
          },
          {
            "name": "shareEpoch",
            "type": "u32"
          },
          {
            "name": "drawAllowance",
            "type": "u64"
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "insuranceFund",
      "docs": [
        "The market's insurance fund. It bears shortfalls before profitable traders do; stakers own",
        "it through shares. Seeds: `[\"insurance_fund\", market]`; it owns its vault",
        "(`[\"insurance_vault\", market]`)."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "vault",
            "type": "pubkey"
          },
          {
            "name": "balance",
            "docs": [
              "Tokens the fund owns on its books. Tokens sent to the vault outside the program are not",
              "counted (they cannot move the share price)."
            ],
            "type": "u64"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "maxDrawPerEvent",
            "docs": [
              "At most this much per shortfall record."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "docs": [
              "Rolling window cap: the draw allowance refills to this over `draw_window_secs`."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "drawAllowance",
            "type": "u64"
          },
          {
            "name": "drawAllowanceUpdatedAt",
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "docs": [
              "Delay between `request_unstake` and `unstake`, fixed per request when it is made."
            ],
            "type": "i64"
          },
          {
            "name": "lifetimeStaked",
            "type": "u128"
          },
          {
            "name": "lifetimeDonated",
            "type": "u128"
          },
          {
            "name": "lifetimeDrawn",
            "type": "u128"
          },
          {
            "name": "lifetimeUnstaked",
            "type": "u128"
          },
          {
            "name": "lifetimeDustReceived",
            "type": "u128"
          },
          {
            "name": "shareEpoch",
            "docs": [
              "Bumped when a drawdown wipes the fund out and its shares retire (see",
              "`INSURANCE_MAX_SHARES_PER_UNIT`); stakes from older epochs hold nothing."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "insuranceFunded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "funder",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "insuranceStake",
      "docs": [
        "One staker's shares in one insurance fund. Seeds: `[\"stake\", fund, staker]`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "fund",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "docs": [
              "All shares, including those locked in a pending unstake request."
            ],
            "type": "u128"
          },
          {
            "name": "unstakeShares",
            "docs": [
              "Shares locked by the pending request (zero when none)."
            ],
            "type": "u128"
          },
          {
            "name": "unstakeValue",
            "docs": [
              "Their value when the request was made: the most the request can pay."
            ],
            "type": "u64"
          },
          {
            "name": "unstakeUnlockAt",
            "docs": [
              "Fixed when the request is made; later parameter changes do not move it."
            ],
            "type": "i64"
          },
          {
            "name": "shareEpoch",
            "docs": [
              "The fund's share epoch these shares belong to."
            ],
            "type": "u32"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "lossIndex",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "factor",
            "docs": [
              "Surviving fraction since the start of this epoch and scale, times [`INDEX_ONE`]."
            ],
            "type": "u128"
          },
          {
            "name": "scale",
            "docs": [
              "Number of times the factor was multiplied by [`INDEX_RESCALE_FACTOR`] in this epoch."
            ],
            "type": "u32"
          },
          {
            "name": "epoch",
            "docs": [
              "Number of losses that took the whole pool."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "lossPool",
      "docs": [
        "One tier of the waterfall: the books of an amount shared by many holders, its loss index,",
        "and the lifetime totals that prove every base unit of loss was charged."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "total",
            "docs": [
              "Exact sum of all holders' amounts after every loss so far (a holder's own rounded-down",
              "amount is never above its exact share, so this is at least what holders can claim)."
            ],
            "type": "u64"
          },
          {
            "name": "index",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "socialized",
            "docs": [
              "Lifetime loss assigned to this pool."
            ],
            "type": "u128"
          },
          {
            "name": "collected",
            "docs": [
              "Lifetime charges applied to holders when they settled."
            ],
            "type": "u128"
          },
          {
            "name": "dustReleased",
            "docs": [
              "Lifetime rounding excess taken out of `total` (and sent to the insurance fund)."
            ],
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "lossSocialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "record",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "clawback",
            "type": "u64"
          },
          {
            "name": "haircut",
            "type": "u64"
          },
          {
            "name": "atRiskProfitBefore",
            "type": "u64"
          },
          {
            "name": "principalBefore",
            "type": "u64"
          },
          {
            "name": "clawbackIndex",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndex",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "market",
      "docs": [
        "A market: one collateral mint, its vault, its insurance fund and the loss indices."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "pendingAdmin",
            "docs": [
              "Set by `transfer_admin`, becomes admin on `accept_admin`."
            ],
            "type": {
              "option": "pubkey"
            }
          },
          {
            "name": "riskAuthority",
            "docs": [
              "Draws the insurance fund and socializes losses; may add pause bits."
            ],
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "docs": [
              "Applies realized PnL between positions (a keypair or another program's PDA)."
            ],
            "type": "pubkey"
          },
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "collateralTokenProgram",
            "type": "pubkey"
          },
          {
            "name": "collateralDecimals",
            "type": "u8"
          },
          {
            "name": "collateralVault",
            "type": "pubkey"
          },
          {
            "name": "insuranceFund",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "docs": [
              "Bitmask of `pause::*`."
            ],
            "type": "u32"
          },
          {
            "name": "profitMaturitySecs",
            "docs": [
              "Realized profit stays at risk this long after its last increase."
            ],
            "type": "i64"
          },
          {
            "name": "profitPool",
            "docs": [
              "At-risk profit of all positions: the clawback tier. `profit_pool.index` is the clawback",
              "index."
            ],
            "type": {
              "defined": {
                "name": "lossPool"
              }
            }
          },
          {
            "name": "principalPool",
            "docs": [
              "Principal of all positions: the haircut tier."
            ],
            "type": {
              "defined": {
                "name": "lossPool"
              }
            }
          },
          {
            "name": "unrecordedShortfall",
            "docs": [
              "Negative equity of bankrupt positions whose shortfall is not yet recorded."
            ],
            "type": "u64"
          },
          {
            "name": "unresolvedShortfall",
            "docs": [
              "Recorded shortfall not yet covered by insurance or socialized."
            ],
            "type": "u64"
          },
          {
            "name": "dustPending",
            "docs": [
              "Rounding excess released from the books, waiting for `sweep_dust` to the insurance fund."
            ],
            "type": "u64"
          },
          {
            "name": "shortfallSeq",
            "docs": [
              "Sequence number of the next shortfall record."
            ],
            "type": "u64"
          },
          {
            "name": "positionCount",
            "type": "u64"
          },
          {
            "name": "bump",
            "type": "u8"
          },
          {
            "name": "vaultBump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "marketInitialized",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "marketId",
            "type": "u64"
          },
          {
            "name": "admin",
            "type": "pubkey"
          },
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          },
          {
            "name": "collateralMint",
            "type": "pubkey"
          },
          {
            "name": "collateralVault",
            "type": "pubkey"
          },
          {
            "name": "insuranceFund",
            "type": "pubkey"
          },
          {
            "name": "insuranceVault",
            "type": "pubkey"
          },
          {
            "name": "profitMaturitySecs",
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "marketParams",
      "docs": [
        "Risk parameters of a market and its insurance fund."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "profitMaturitySecs",
            "docs": [
              "Realized profit stays at risk this long after its last increase (0..=30 days)."
            ],
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "docs": [
              "Most the insurance fund pays towards one shortfall record (> 0)."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "docs": [
              "Most the insurance fund pays per rolling window (> 0)."
            ],
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "docs": [
              "Length of that window (1 s ..= 30 days)."
            ],
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "docs": [
              "Delay between an unstake request and its payout (0..=90 days)."
            ],
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "marketTotals",
      "docs": [
        "The market's aggregates after a change."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "totalPrincipal",
            "type": "u64"
          },
          {
            "name": "totalAtRiskProfit",
            "type": "u64"
          },
          {
            "name": "unrecordedShortfall",
            "type": "u64"
          },
          {
            "name": "unresolvedShortfall",
            "type": "u64"
          },
          {
            "name": "dustPending",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "paramsUpdated",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "profitMaturitySecs",
            "type": "i64"
          },
          {
            "name": "maxDrawPerEvent",
            "type": "u64"
          },
          {
            "name": "drawWindowCap",
            "type": "u64"
          },
          {
            "name": "drawWindowSecs",
            "type": "i64"
          },
          {
            "name": "unstakeDelaySecs",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "pauseSet",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "by",
            "type": "pubkey"
          },
          {
            "name": "paused",
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "pnlApplied",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "loserPaidFromProfit",
            "type": "u64"
          },
          {
            "name": "loserPaidFromPrincipal",
            "type": "u64"
          },
          {
            "name": "loserShortfall",
            "type": "u64"
          },
          {
            "name": "winner",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "loser",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionBalances",
      "docs": [
        "A position's balances after a change, shared by the events that move them."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "principal",
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "type": "i64"
          },
          {
            "name": "profitMaturesAt",
            "type": "i64"
          },
          {
            "name": "clawbackSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionOpened",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "position",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "positionSettled",
      "docs": [
        "A position's pending clawback and haircut were applied."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "clawbackCharged",
            "type": "u64"
          },
          {
            "name": "haircutCharged",
            "type": "u64"
          },
          {
            "name": "dustReleased",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "positionStatus",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "active"
          },
          {
            "name": "bankrupt"
          }
        ]
      }
    },
    {
      "name": "profitReleased",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "requestUnstakeArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "shares",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "setAuthoritiesArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "riskAuthority",
            "type": "pubkey"
          },
          {
            "name": "clearingAuthority",
            "type": "pubkey"
          }
        ]
      }
    },
    {
      "name": "setPauseArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "paused",
            "docs": [
              "The new bitmask of `state::pause` bits."
            ],
            "type": "u32"
          }
        ]
      }
    },
    {
      "name": "shortfallRecord",
      "docs": [
        "The public, permanent record of one loss event. Seeds: `[\"shortfall\", market, seq]`."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "position",
            "docs": [
              "The bankrupt position and its wallet."
            ],
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "shortfall",
            "docs": [
              "The position's negative equity when it was closed out."
            ],
            "type": "u64"
          },
          {
            "name": "insurancePaid",
            "type": "u64"
          },
          {
            "name": "socialized",
            "docs": [
              "Clawed back from at-risk profit."
            ],
            "type": "u64"
          },
          {
            "name": "haircut",
            "docs": [
              "Charged to all principal pro rata."
            ],
            "type": "u64"
          },
          {
            "name": "atRiskProfitAtSocialize",
            "docs": [
              "Total at-risk profit (the clawback weight) and principal when the loss was socialized."
            ],
            "type": "u64"
          },
          {
            "name": "principalAtSocialize",
            "type": "u64"
          },
          {
            "name": "clawbackIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "clawbackIndexAfter",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndexBefore",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutIndexAfter",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "state",
            "type": {
              "defined": {
                "name": "shortfallState"
              }
            }
          },
          {
            "name": "recordedAt",
            "type": "i64"
          },
          {
            "name": "drawnAt",
            "type": "i64"
          },
          {
            "name": "resolvedAt",
            "type": "i64"
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "shortfallRecorded",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "record",
            "type": "pubkey"
          },
          {
            "name": "seq",
            "type": "u64"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "shortfall",
            "type": "u64"
          },
          {
            "name": "position",
            "docs": [
              "The closed-out position."
            ],
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "recordedBy",
            "type": "pubkey"
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    },
    {
      "name": "shortfallState",
      "type": {
        "kind": "enum",
        "variants": [
          {
            "name": "open"
          },
          {
            "name": "insuranceDrawn"
          },
          {
            "name": "resolved"
          }
        ]
      }
    },
    {
      "name": "staked",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "sharesMinted",
            "type": "u128"
          },
          {
            "name": "stakeShares",
            "type": "u128"
          },
          {
            "name": "unstakeShares",
            "docs": [
              "Shares still locked in a pending unstake request (zero when a retired epoch's request",
              "was dropped)."
            ],
            "type": "u128"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "transferAdminArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "newAdmin",
            "docs": [
              "Who may accept the admin role; `None` cancels a pending transfer."
            ],
            "type": {
              "option": "pubkey"
            }
          }
        ]
      }
    },
    {
      "name": "unstakeCancelled",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u128"
          }
        ]
      }
    },
    {
      "name": "unstakeRequested",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "shares",
            "type": "u128"
          },
          {
            "name": "valueAtRequest",
            "type": "u64"
          },
          {
            "name": "unlockAt",
            "type": "i64"
          }
        ]
      }
    },
    {
      "name": "unstaked",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "staker",
            "type": "pubkey"
          },
          {
            "name": "sharesBurned",
            "type": "u128"
          },
          {
            "name": "amountPaid",
            "type": "u64"
          },
          {
            "name": "stakeShares",
            "type": "u128"
          },
          {
            "name": "totalShares",
            "type": "u128"
          },
          {
            "name": "fundBalance",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "updateParamsArgs",
      "docs": [
        "Each field left `None` keeps its value. An unstake request already made keeps the unlock",
        "time it was given."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "profitMaturitySecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "maxDrawPerEvent",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "drawWindowCap",
            "type": {
              "option": "u64"
            }
          },
          {
            "name": "drawWindowSecs",
            "type": {
              "option": "i64"
            }
          },
          {
            "name": "unstakeDelaySecs",
            "type": {
              "option": "i64"
            }
          }
        ]
      }
    },
    {
      "name": "userPosition",
      "docs": [
        "One wallet's position in one market. 162 bytes with the discriminator."
      ],
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "principal",
            "docs": [
              "Principal as of `haircut_snapshot`."
            ],
            "type": "u64"
          },
          {
            "name": "realizedPnl",
            "docs": [
              "Positive: at-risk profit as of `clawback_snapshot`. Negative: the shortfall of a bankrupt",
              "position (then principal is zero)."
            ],
            "type": "i64"
          },
          {
            "name": "clawbackSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "haircutSnapshot",
            "type": {
              "defined": {
                "name": "lossIndex"
              }
            }
          },
          {
            "name": "lifetimeClawbackPaid",
            "type": "u64"
          },
          {
            "name": "lifetimeHaircutPaid",
            "type": "u64"
          },
          {
            "name": "profitMaturesAt",
            "docs": [
              "At-risk profit may move into principal from this time on."
            ],
            "type": "i64"
          },
          {
            "name": "status",
            "type": {
              "defined": {
                "name": "positionStatus"
              }
            }
          },
          {
            "name": "bump",
            "type": "u8"
          }
        ]
      }
    },
    {
      "name": "withdrawArgs",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "amount",
            "type": "u64"
          }
        ]
      }
    },
    {
      "name": "withdrawn",
      "type": {
        "kind": "struct",
        "fields": [
          {
            "name": "market",
            "type": "pubkey"
          },
          {
            "name": "owner",
            "type": "pubkey"
          },
          {
            "name": "amount",
            "type": "u64"
          },
          {
            "name": "position",
            "type": {
              "defined": {
                "name": "positionBalances"
              }
            }
          },
          {
            "name": "totals",
            "type": {
              "defined": {
                "name": "marketTotals"
              }
            }
          }
        ]
      }
    }
  ]
};
